using Rongtong.Domain.Calendar;
using Rongtong.Domain.Rules;

namespace Rongtong.Domain.Tests;

public class KeyEnterpriseRuleTests
{
    private static readonly DateOnly AsOf = new(2023, 6, 30);

    private static readonly EnterpriseFacts Manufacturer = new(
        KeyIndustryTag: 0, IndustryClass: 1311, RegisteredRegion: 330106, TaxRegion: 330106, OperatingRegion: 330106,
        OutsourcedProduction: false, OutputCountedInCity: false, Rating: TaxRating.A, HighTech: true, TechSme: false);

    private static readonly Money.Money?[] FullTaxes = [Money.Money.Parse("100.00"), Money.Money.Parse("200.00"), Money.Money.Parse("300.01")];

    private static Determination Evaluate(EnterpriseFacts facts, DateOnly? asOf = null, Money.Money?[]? taxes = null) =>
        KeyEnterpriseRule.Evaluate(facts, taxes ?? FullTaxes, KeyEnterpriseParameters.Compile(TestPolicy.Catalog, asOf ?? AsOf));

    [Theory]
    [InlineData("2021-05-05", false)]
    [InlineData("2021-05-06", true)]
    [InlineData("2024-05-05", true)]
    [InlineData("2024-05-06", false)]
    public void Determination_OutsideThePolicyPeriod_IsPolicyNotInForce(string date, bool inForce)
    {
        var d = Evaluate(Manufacturer, Dates.Parse(date));
        Assert.Equal(inForce, d.IsKey);
        Assert.Equal(!inForce, d.Reasons.HasFlag(Reasons.PolicyNotInForce));
        if (!inForce)
        {
            Assert.Null(d.Quota);
            Assert.Equal(SectorBasis.None, d.Basis);
        }
    }

    [Theory]
    [InlineData(1200, SectorBasis.None)] // division 12 其他采矿业
    [InlineData(1311, SectorBasis.Manufacturing)] // division 13, first of C
    [InlineData(4310, SectorBasis.Manufacturing)] // division 43 is C although also a producer service
    [InlineData(4390, SectorBasis.Manufacturing)]
    [InlineData(4411, SectorBasis.None)] // division 44 火力发电
    [InlineData(6513, SectorBasis.ProducerService)]
    [InlineData(7491, SectorBasis.ProducerService)]
    [InlineData(8810, SectorBasis.None)]
    public void SectorBasis_FollowsTheDivisionsAndTheProducerTable(int industryClass, SectorBasis basis)
    {
        var d = Evaluate(Manufacturer with { IndustryClass = industryClass });
        Assert.Equal(basis, d.Basis);
        Assert.Equal(basis != SectorBasis.None, d.IsKey);
        Assert.Equal(basis == SectorBasis.None, d.Reasons.HasFlag(Reasons.NotInSector));
    }

    [Fact]
    public void SectorBasis_KeyIndustryTag_ComesFirst()
    {
        var ai = TestPolicy.Catalog.Tables.TagIndex("AI");
        var d = Evaluate(Manufacturer with { KeyIndustryTag = ai, IndustryClass = 8810 });
        Assert.Equal(SectorBasis.KeyIndustry, d.Basis);
        Assert.True(d.IsKey);
    }

    [Theory]
    [InlineData(330100, true)]
    [InlineData(330102, true)]
    [InlineData(330114, true)]
    [InlineData(330182, true)]
    [InlineData(330200, false)] // 宁波
    [InlineData(331002, false)] // 台州 — prefix 3310, not 3301
    [InlineData(330000, false)] // the province itself
    [InlineData(310101, false)]
    public void RegisteredRegion_MustBeInHangzhou(int region, bool inCity)
    {
        var d = Evaluate(Manufacturer with { RegisteredRegion = region });
        Assert.Equal(inCity, d.IsKey);
        Assert.Equal(!inCity, d.Reasons.HasFlag(Reasons.RegOutsideHz));
    }

    [Fact]
    public void TaxRegion_OutsideHangzhou_IsReported()
    {
        var d = Evaluate(Manufacturer with { TaxRegion = 330205 });
        Assert.False(d.IsKey);
        Assert.Equal(Reasons.TaxOutsideHz, d.Reasons);
    }

    [Theory]
    [InlineData(330106, false, false, true, Reasons.None)]
    [InlineData(310101, true, true, true, Reasons.OpsOutsourcedCounted)]
    [InlineData(310101, true, false, false, Reasons.OpsOutsideHz)]
    [InlineData(310101, false, true, false, Reasons.OpsOutsideHz)]
    [InlineData(310101, false, false, false, Reasons.OpsOutsideHz)]
    [InlineData(330106, true, true, true, Reasons.None)] // operations already in Hangzhou: the branch is not used
    public void OperatingRegion_OutsourcingBranch(int ops, bool outsourced, bool counted, bool key, Reasons reasons)
    {
        var d = Evaluate(Manufacturer with { OperatingRegion = ops, OutsourcedProduction = outsourced, OutputCountedInCity = counted });
        Assert.Equal(key, d.IsKey);
        Assert.Equal(reasons, d.Reasons);
    }

    [Fact]
    public void EveryFailedTest_IsReported_NotJustTheFirst()
    {
        var d = Evaluate(Manufacturer with { IndustryClass = 8810, RegisteredRegion = 310101, TaxRegion = 310101, OperatingRegion = 310101 });
        Assert.Equal(Reasons.NotInSector | Reasons.RegOutsideHz | Reasons.TaxOutsideHz | Reasons.OpsOutsideHz, d.Reasons);
        Assert.Equal("NOT_IN_SECTOR;REG_OUTSIDE_HZ;TAX_OUTSIDE_HZ;OPS_OUTSIDE_HZ", ReasonCodes.Format(d.Reasons));
    }

    [Theory]
    [InlineData(TaxRating.A, true)]
    [InlineData(TaxRating.B, true)]
    [InlineData(TaxRating.M, false)]
    [InlineData(TaxRating.C, false)]
    [InlineData(TaxRating.D, false)]
    [InlineData(TaxRating.None, false)]
    public void QuotaExceedable_OnlyForRatingsAAndB(TaxRating rating, bool exceedable) =>
        Assert.Equal(exceedable, Evaluate(Manufacturer with { Rating = rating }).QuotaExceedable);

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    [InlineData(false, false, false)]
    public void QuotaExceedable_NeedsHighTechOrTechSme(bool highTech, bool techSme, bool exceedable) =>
        Assert.Equal(exceedable, Evaluate(Manufacturer with { HighTech = highTech, TechSme = techSme }).QuotaExceedable);

    [Fact]
    public void QuotaExceedable_IsFalseForANonKeyEnterprise() =>
        Assert.False(Evaluate(Manufacturer with { RegisteredRegion = 310101 }).QuotaExceedable);

    [Fact]
    public void Quota_IsTheSumOfTheThreeWindowYears() =>
        Assert.Equal(Money.Money.Parse("600.01"), Evaluate(Manufacturer).Quota);

    [Fact]
    public void Quota_MissingYear_CountsAsZero_AndIsReported()
    {
        var d = Evaluate(Manufacturer, taxes: [Money.Money.Parse("100.00"), null, Money.Money.Parse("300.00")]);
        Assert.Equal(Money.Money.Parse("400.00"), d.Quota);
        Assert.Equal(Reasons.TaxYearMissing, d.Reasons);
    }

    [Fact]
    public void Quota_WindowIsTheThreeYearsBeforeTheAsOfYear()
    {
        var p = KeyEnterpriseParameters.Compile(TestPolicy.Catalog, new DateOnly(2024, 1, 1))!;
        Assert.Equal(2021, p.FirstTaxYear);
        Assert.Equal(3, p.TaxYears);
    }

    [Fact]
    public void BatchKernel_AgreesWithTheSingleEnterpriseRule()
    {
        var p = KeyEnterpriseParameters.Compile(TestPolicy.Catalog, AsOf)!;
        var random = new Random(7);
        int[] classes = [1200, 1311, 4310, 4411, 6513, 8810, 5430, 7491];
        int[] regions = [330106, 330182, 331002, 310101];
        var c = new EnterpriseColumns(2000) { Count = 2000 };
        var facts = new EnterpriseFacts[c.Count];
        for (var i = 0; i < c.Count; i++)
        {
            facts[i] = new EnterpriseFacts(random.Next(0, 9), classes[random.Next(classes.Length)], regions[random.Next(4)], regions[random.Next(4)],
                regions[random.Next(4)], random.Next(2) == 1, random.Next(2) == 1, (TaxRating)random.Next(0, 6), random.Next(2) == 1, random.Next(2) == 1);
            c.Tag[i] = (byte)facts[i].KeyIndustryTag;
            c.IndustryClass[i] = (short)facts[i].IndustryClass;
            c.RegisteredRegion[i] = facts[i].RegisteredRegion;
            c.TaxRegion[i] = facts[i].TaxRegion;
            c.OperatingRegion[i] = facts[i].OperatingRegion;
            c.Flags[i] = facts[i].Flags;
            c.Rating[i] = (byte)facts[i].Rating;
            c.TaxSumFen[i] = 12345;
        }

        var packed = new uint[c.Count];
        var quota = new long[c.Count];
        KeyEnterpriseBatch.EvaluateParallel(c, p, packed, quota);
        for (var i = 0; i < c.Count; i++)
        {
            var d = KeyEnterpriseRule.Evaluate(facts[i], [new Money.Money(12345), Money.Money.Zero, Money.Money.Zero], p);
            Assert.Equal(d.Reasons, KeyEnterpriseRule.ReasonsOf(packed[i]));
            Assert.Equal(d.Basis, KeyEnterpriseRule.BasisOf(packed[i]));
            Assert.Equal(d.QuotaExceedable, KeyEnterpriseRule.IsExceedable(packed[i]));
            Assert.Equal(d.Quota?.Fen ?? -1, quota[i]);
        }
    }

    [Fact]
    public void Explanation_NamesEveryTestWithItsClause()
    {
        var tree = KeyEnterpriseExplanation.Explain("91330106MA2B0XXXXR", Manufacturer with { OperatingRegion = 310101, OutsourcedProduction = true, OutputCountedInCity = true },
            [(2020, Money.Money.Parse("1.00")), (2021, null), (2022, Money.Money.Parse("2.00"))], TestPolicy.Catalog, AsOf);
        Assert.Equal("pass", tree.Outcome);
        Assert.Equal(["policy_in_force", "sector", "location", "quota", "quota_exceedable"], tree.Children.Select(c => c.Test));
        Assert.Equal("3.00", tree.Children.Single(c => c.Test == "quota").Outcome);
        Assert.Equal(["OPS_OUTSOURCED_COUNTED", "TAX_YEAR_MISSING"], tree.Reasons);
        var outsourced = tree.Children.Single(c => c.Test == "location").Children.Single(c => c.Test == "location.operating").Children.Single();
        Assert.Equal("pass", outsourced.Outcome);
        Assert.Equal("一", outsourced.Clause!.Number);
        Assert.All(Flatten(tree), n => Assert.NotNull(n.Clause));
    }

    private static IEnumerable<ExplanationNode> Flatten(ExplanationNode n) => n.Children.SelectMany(Flatten).Prepend(n);
}
