using System.Globalization;
using System.Text.Json;
using AntDesign;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;

namespace Rongtong.Web.Components;

/// <summary>How the credit pages (二(二)(三)(四)) write states, fits and the response clock.</summary>
public static class CreditWords
{
    /// <summary>One component of a push's fit: why this bank (weight in %, score 0–1).</summary>
    public sealed record FitPart(string Name, int Weight, decimal Score);

    /// <summary>The fit components stored with a push (<c>{"amount":{"weight":35,"score":0.5},…}</c>); unreadable JSON gives none.</summary>
    public static IReadOnlyList<FitPart> FitParts(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            return [.. doc.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .Select(p => new FitPart(p.Name,
                    p.Value.TryGetProperty("weight", out var w) && w.TryGetInt32(out var weight) ? weight : 0,
                    p.Value.TryGetProperty("score", out var s) && s.TryGetDecimal(out var score) ? score : 0m))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A fraction 0–1 as a percentage with one decimal (0.8523 → 85.2%).</summary>
    public static string Percent(decimal fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>The state of a push the way people read it: a push that became a loan is "disbursed".</summary>
    public static string PushState(DemandPush p) => p.LoanId is not null ? "disbursed" : p.State;

    public static TagColor PushColor(string state) => state switch
    {
        "pushed" => TagColor.Blue,
        "claimed" => TagColor.Cyan,
        "granted" => TagColor.Green,
        "disbursed" => TagColor.Green,
        "declined" or "refused" => TagColor.Default,
        "escalated" => TagColor.Red,
        _ => TagColor.Default,
    };

    public static TagColor DemandColor(string state) => state switch
    {
        "open" => TagColor.Orange,
        "pushed" => TagColor.Blue,
        "granted" => TagColor.Cyan,
        "disbursed" => TagColor.Green,
        _ => TagColor.Default,
    };

    /// <summary>
    /// The running deadline of a push (P8): to claim or decline while it is pushed, to decide once claimed;
    /// none once answered.
    /// </summary>
    public static DateOnly? Deadline(DemandPush p) => p.State switch
    {
        "pushed" => p.ClaimBy,
        "claimed" => p.DecideBy,
        _ => null,
    };

    /// <summary>
    /// Business days from <paramref name="today"/> to <paramref name="deadline"/> on the official calendar:
    /// positive = days left, 0 = due today, negative = business days overdue.
    /// </summary>
    public static int BusinessDaysLeft(BusinessCalendar calendar, DateOnly today, DateOnly deadline) =>
        deadline >= today ? calendar.BusinessDaysBetween(today, deadline) : -calendar.BusinessDaysBetween(deadline, today);

    /// <summary>What a broken rule says in the UI: its code and message.</summary>
    public static string Error(DomainException e) => $"{e.Code}: {e.Message}";

    public static string OrgName(IReadOnlyDictionary<Guid, Organisation> organisations, Guid id, Texts t) =>
        organisations.TryGetValue(id, out var o) ? (t.IsEnglish && o.NameEn.Length > 0 ? o.NameEn : o.Name) : id.ToString();

    public static string Date(DateOnly? d) => d is { } x ? x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";
}
