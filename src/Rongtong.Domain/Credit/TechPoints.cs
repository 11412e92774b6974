using System.Globalization;
using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Credit;

/// <summary>What an enterprise declares for the 科技积分 score (二(四) "科技积分贷").</summary>
public sealed record TechDeclaration(
    int HighValueIpCount,
    decimal RdRatio,
    decimal RevenueGrowth,
    decimal DebtToAssetRatio,
    bool StrategicEmergingIndustry,
    decimal MainBusinessShare,
    Money.Money Revenue);

/// <summary>One criterion's points with the band that gave them.</summary>
public sealed record TechPointsItem(string Criterion, string Value, int Points, int MaxPoints, string Band);

/// <summary>The score, its stage (by revenue), the indicative credit line and the breakdown shown to the enterprise.</summary>
public sealed record TechPointsScore(int Total, string Stage, Money.Money IndicativeLine, IReadOnlyList<TechPointsItem> Items, Clause Clause);

/// <summary>
/// 科技积分 (POLICY.md P9): the rubric's dated bands (default 100 points: high-value IP 20, R&amp;D ÷ revenue 20,
/// revenue growth 20, debt-to-asset 10, strategic emerging industry 10, main-business share 20), the
/// stages by revenue and the tier table mapping score to an indicative credit line.
/// </summary>
public static class TechPointsRule
{
    public static TechPointsScore Score(TechDeclaration d, PolicyVersion version, DateOnly asOf)
    {
        var items = new List<TechPointsItem>
        {
            AtLeast("high_value_ip", d.HighValueIpCount, version.Get("tech_points.high_value_ip_bands", asOf)),
            AtLeast("rd_ratio", d.RdRatio, version.Get("tech_points.rd_ratio_bands", asOf)),
            AtLeast("revenue_growth", d.RevenueGrowth, version.Get("tech_points.revenue_growth_bands", asOf)),
            Below("debt_to_asset", d.DebtToAssetRatio, version.Get("tech_points.debt_ratio_below_bands", asOf)),
            Strategic(d.StrategicEmergingIndustry, version.Get("tech_points.strategic_emerging_points", asOf)),
            AtLeast("main_business_share", d.MainBusinessShare, version.Get("tech_points.main_business_share_bands", asOf)),
        };
        var total = items.Sum(i => i.Points);
        var stages = Pairs(version.Get("tech_points.stages", asOf)).Select(p => (Name: p.Key, Floor: Money.Money.Parse(p.Value))).OrderBy(p => p.Floor).ToList();
        var stage = stages.Last(s => d.Revenue >= s.Floor || s == stages[0]).Name;
        var tiers = Pairs(version.Get("tech_points.credit_line_tiers", asOf)).Select(p => (Min: int.Parse(p.Key, CultureInfo.InvariantCulture), Line: Money.Money.Parse(p.Value)))
            .OrderByDescending(t => t.Min).ToList();
        var line = tiers.FirstOrDefault(t => total >= t.Min).Line;
        return new TechPointsScore(total, stage, line, items, version.Get("tech_points.rd_ratio_bands", asOf).Clause);
    }

    private static TechPointsItem AtLeast(string criterion, decimal value, Parameter bands)
    {
        var list = Pairs(bands).Select(p => (Threshold: decimal.Parse(p.Key, CultureInfo.InvariantCulture), Points: int.Parse(p.Value, CultureInfo.InvariantCulture)))
            .OrderByDescending(b => b.Threshold).ToList();
        var max = list.Max(b => b.Points);
        foreach (var b in list)
        {
            if (value >= b.Threshold)
            {
                return new(criterion, value.ToString(CultureInfo.InvariantCulture), b.Points, max, $"≥ {b.Threshold.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return new(criterion, value.ToString(CultureInfo.InvariantCulture), 0, max, "below every band");
    }

    private static TechPointsItem Below(string criterion, decimal value, Parameter bands)
    {
        var list = Pairs(bands).Select(p => (Bound: decimal.Parse(p.Key, CultureInfo.InvariantCulture), Points: int.Parse(p.Value, CultureInfo.InvariantCulture)))
            .OrderBy(b => b.Bound).ToList();
        var max = list.Max(b => b.Points);
        foreach (var b in list)
        {
            if (value < b.Bound)
            {
                return new(criterion, value.ToString(CultureInfo.InvariantCulture), b.Points, max, $"< {b.Bound.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return new(criterion, value.ToString(CultureInfo.InvariantCulture), 0, max, "at or above every bound");
    }

    private static TechPointsItem Strategic(bool strategic, Parameter points)
    {
        var values = points.AsList().Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new("strategic_emerging", strategic ? "true" : "false", strategic ? values[0] : values[1], values[0], strategic ? "strategic emerging industry" : "other industry");
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(Parameter p) =>
        p.AsList().Select(x => x.Split(':', 2)).Select(x => new KeyValuePair<string, string>(x[0].Trim(), x[1].Trim()));
}
