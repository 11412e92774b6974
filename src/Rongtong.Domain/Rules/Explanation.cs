using Rongtong.Domain.Calendar;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;

namespace Rongtong.Domain.Rules;

/// <summary>A parameter value a test used, with its period and clause.</summary>
public sealed record ParameterUse(string Key, string Value, string Period, Clause Clause)
{
    public static ParameterUse Of(Parameter p) => new(p.Key, p.Value, p.Period.ToString(), p.Clause);
}

/// <summary>
/// One node of a determination's explanation: the test, its inputs, its outcome, the parameters and
/// the clause behind it, and the sub-tests it combines. Explanations are data, so the CLI prints them
/// as JSON and the UI draws them as a tree.
/// </summary>
public sealed record ExplanationNode(
    string Test,
    string Title,
    string Outcome,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyList<ParameterUse> Parameters,
    Clause? Clause,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<ExplanationNode> Children);

/// <summary>Builds the explanation tree of <see cref="KeyEnterpriseRule"/> for one enterprise.</summary>
public static class KeyEnterpriseExplanation
{
    private const string Pass = "pass";
    private const string Fail = "fail";
    private const string NotApplicable = "not_applicable";

    private static readonly Clause Object = new("一", "“5+3”重点产业、制造业或生产性服务业等领域的企业（以下简称重点企业），具体要求企业的工商注册、税务登记及主要生产经营地均在杭州");
    private static readonly Clause Outsourcing = new("一", "生产实行委托外地加工，但产值和营业收入纳入杭州报表的，视为主要生产经营地在杭州");

    public static ExplanationNode Explain(string uscc, in EnterpriseFacts facts, IReadOnlyList<(int Year, Money.Money? Tax)> taxWindow, PolicyCatalog catalog, DateOnly asOf)
    {
        var p = KeyEnterpriseParameters.Compile(catalog, asOf);
        var rootInputs = new Dictionary<string, string> { ["uscc"] = uscc, ["as_of"] = asOf.ToText() };
        if (p is null)
        {
            var versions = string.Join(", ", catalog.Versions.Select(v => $"{v.Id} {v.Period}"));
            var policyNode = new ExplanationNode("policy_in_force", "政策施行期 / Policy in force", Fail,
                new Dictionary<string, string> { ["as_of"] = asOf.ToText(), ["versions"] = versions }, [], catalog.Versions.Count > 0 ? catalog.Versions[0].PeriodClause : null,
                [ReasonCodes.Code(Reasons.PolicyNotInForce)], []);
            return new ExplanationNode("key_enterprise", "重点企业认定 / Key-enterprise determination", Fail, rootInputs, [], Object,
                [ReasonCodes.Code(Reasons.PolicyNotInForce)], [policyNode]);
        }

        var taxes = taxWindow.Select(t => t.Tax).ToList();
        var d = KeyEnterpriseRule.Evaluate(facts, taxes, p);
        var tables = catalog.Tables;
        var v = p.Version;

        var policy = new ExplanationNode("policy_in_force", "政策施行期 / Policy in force", Pass,
            new Dictionary<string, string> { ["as_of"] = asOf.ToText(), ["version"] = v.Id, ["period"] = v.Period.ToString() },
            [], v.PeriodClause, [], []);

        var tag = facts.KeyIndustryTag > 0 ? tables.KeyIndustryTags[facts.KeyIndustryTag - 1] : null;
        var keyIndustryHolds = p.TagAllowed[facts.KeyIndustryTag];
        var keyIndustry = new ExplanationNode("sector.key_industry", "“5+3”重点产业 / \"5+3\" key industry",
            keyIndustryHolds ? Pass : Fail,
            new Dictionary<string, string> { ["key_industry"] = tag is null ? "" : $"{tag.Tag} {tag.NameZh}" },
            [ParameterUse.Of(p.TagsParameter)], p.TagsParameter.Clause, [], []);

        var division = IndustryCode.Division(facts.IndustryClass);
        var classInputs = new Dictionary<string, string>
        {
            ["industry_code"] = IndustryCode.Format(facts.IndustryClass),
            ["industry_name"] = tables.IndustryName(facts.IndustryClass) ?? "",
            ["division"] = $"{division:00} {tables.DivisionName(division)}",
            ["section"] = tables.Section(division).ToString(),
        };
        var manufacturingHolds = p.SectorByClass[facts.IndustryClass] == (byte)SectorBasis.Manufacturing;
        var manufacturing = new ExplanationNode("sector.manufacturing", "制造业 / Manufacturing (GB/T 4754-2017 C 13–43)",
            manufacturingHolds ? Pass : Fail, classInputs, [ParameterUse.Of(p.DivisionsParameter)], p.DivisionsParameter.Clause, [], []);

        var category = tables.ProducerServiceCategory[facts.IndustryClass];
        var producerHolds = p.SectorByClass[facts.IndustryClass] == (byte)SectorBasis.ProducerService;
        var producer = new ExplanationNode("sector.producer_service", "生产性服务业 / Producer service (NBS 2019)",
            producerHolds ? Pass : (manufacturingHolds && category != 0 ? NotApplicable : Fail),
            new Dictionary<string, string>(classInputs) { ["producer_service_category"] = category == 0 ? "" : category.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            [], new Clause("一", "生产性服务业等领域的企业"), [], []);

        var sector = new ExplanationNode("sector", "行业条件 / Sector test", d.Basis != SectorBasis.None ? Pass : Fail,
            new Dictionary<string, string> { ["sector_basis"] = SectorBases.Code(d.Basis) }, [], Object,
            d.Basis == SectorBasis.None ? [ReasonCodes.Code(Reasons.NotInSector)] : [], [keyIndustry, manufacturing, producer]);

        var cityParam = ParameterUse.Of(p.CityParameter);
        ExplanationNode RegionNode(string test, string title, int region, Reasons reason) =>
            new(test, title, (d.Reasons & reason) == 0 ? Pass : Fail,
                new Dictionary<string, string> { ["region"] = region.ToString("000000", System.Globalization.CultureInfo.InvariantCulture), ["region_name"] = RegionName(tables, region) },
                [cityParam], Object, (d.Reasons & reason) != 0 ? [ReasonCodes.Code(reason)] : [], []);

        var registered = RegionNode("location.registered", "工商注册地 / Registered in Hangzhou", facts.RegisteredRegion, Reasons.RegOutsideHz);
        var taxReg = RegionNode("location.tax", "税务登记地 / Tax-registered in Hangzhou", facts.TaxRegion, Reasons.TaxOutsideHz);
        var opsInCity = KeyEnterpriseRule.InCity(facts.OperatingRegion, p);
        var opsOutsourced = (d.Reasons & Reasons.OpsOutsourcedCounted) != 0;
        var outsourcedNode = new ExplanationNode("location.operating.outsourced", "委托外地加工且产值纳入杭州报表 / Outsourced, output counted in Hangzhou",
            opsInCity ? NotApplicable : (opsOutsourced ? Pass : Fail),
            new Dictionary<string, string>
            {
                ["outsourced_production"] = Bool(facts.OutsourcedProduction),
                ["output_counted_in_hangzhou"] = Bool(facts.OutputCountedInCity),
            },
            [], Outsourcing, opsOutsourced ? [ReasonCodes.Code(Reasons.OpsOutsourcedCounted)] : [], []);
        var operating = new ExplanationNode("location.operating", "主要生产经营地 / Main operations in Hangzhou",
            (d.Reasons & Reasons.OpsOutsideHz) == 0 ? Pass : Fail,
            new Dictionary<string, string> { ["region"] = facts.OperatingRegion.ToString("000000", System.Globalization.CultureInfo.InvariantCulture), ["region_name"] = RegionName(tables, facts.OperatingRegion) },
            [cityParam], Object, (d.Reasons & Reasons.OpsOutsideHz) != 0 ? [ReasonCodes.Code(Reasons.OpsOutsideHz)] : [], [outsourcedNode]);
        var locationFailed = (d.Reasons & (Reasons.RegOutsideHz | Reasons.TaxOutsideHz | Reasons.OpsOutsideHz)) != 0;
        var location = new ExplanationNode("location", "地域条件 / Location test", locationFailed ? Fail : Pass,
            new Dictionary<string, string>(), [], Object, [], [registered, taxReg, operating]);

        var taxInputs = new Dictionary<string, string>();
        foreach (var (year, tax) in taxWindow)
        {
            taxInputs[$"tax_paid_{year}"] = tax?.ToString() ?? "missing";
        }

        var quotaClause = new Clause("三(二)", "以企业前3年纳税总额为限，为重点企业提供无抵押的信用担保");
        var quota = new ExplanationNode("quota", "信用担保额度 / Credit-guarantee quota",
            d.IsKey ? d.Quota!.Value.ToString() : NotApplicable, taxInputs, [ParameterUse.Of(p.TaxYearsParameter)], quotaClause,
            (d.Reasons & Reasons.TaxYearMissing) != 0 ? [ReasonCodes.Code(Reasons.TaxYearMissing)] : [], []);

        var exceedable = new ExplanationNode("quota_exceedable", "可突破担保额度 / Quota may be exceeded",
            d.IsKey ? (d.QuotaExceedable ? Pass : Fail) : NotApplicable,
            new Dictionary<string, string>
            {
                ["high_tech"] = Bool(facts.HighTech),
                ["tech_sme"] = Bool(facts.TechSme),
                ["tax_credit_rating"] = facts.Rating == TaxRating.None ? "" : facts.Rating.ToString(),
            },
            [ParameterUse.Of(p.RatingsParameter)], p.RatingsParameter.Clause, [], []);

        rootInputs["version"] = v.Id;
        return new ExplanationNode("key_enterprise", "重点企业认定 / Key-enterprise determination", d.IsKey ? Pass : Fail,
            rootInputs, [], Object, [.. ReasonCodes.Each(d.Reasons)], [policy, sector, location, quota, exceedable]);
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private static string RegionName(ReferenceTables tables, int region) =>
        tables.CityDivisions.FirstOrDefault(x => x.Code == region)?.NameZh ?? "";
}
