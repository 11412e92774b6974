using Rongtong.Domain.Calendar;

namespace Rongtong.Web.Components;

/// <summary>How the UI writes instants: China Standard Time, to the second (the audit log keeps UTC).</summary>
public static class Display
{
    public static string Time(DateTimeOffset at) => at.ToOffset(Dates.ChinaStandardTime).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } a ? Time(a) : "";
}
