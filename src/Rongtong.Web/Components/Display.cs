namespace Rongtong.Web.Components;

/// <summary>How the UI writes instants: China Standard Time, to the second (the audit log keeps UTC).</summary>
public static class Display
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static string Time(DateTimeOffset at) => at.ToOffset(ChinaStandardTime).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } a ? Time(a) : "";
}
