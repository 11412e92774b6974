using System.Globalization;
using AntDesign;
using Rongtong.Application.Data;

namespace Rongtong.Web.Components;

/// <summary>How the guarantee pages write organisations, rates and statuses.</summary>
public static class GuaranteeWords
{
    public static string OrgName(IReadOnlyDictionary<Guid, Organisation> organisations, Guid id, Texts t) =>
        organisations.TryGetValue(id, out var o) ? (t.IsEnglish && o.NameEn.Length > 0 ? o.NameEn : o.Name) : id.ToString();

    /// <summary>A decimal rate as a percentage (0.008 → 0.8%).</summary>
    public static string Rate(decimal rate) => (rate * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TagColor StatusColor(string status) => status switch
    {
        "Applied" or "Reviewed" => TagColor.Blue,
        "Approved" or "LetterIssued" => TagColor.Cyan,
        "InForce" => TagColor.Green,
        "Defaulted" or "Rejected" => TagColor.Red,
        "Compensated" or "Recovering" => TagColor.Orange,
        _ => TagColor.Default,
    };

    public static TagColor OutcomeColor(string outcome) => outcome switch
    {
        "pass" => TagColor.Green,
        "warn" => TagColor.Orange,
        _ => TagColor.Red,
    };
}
