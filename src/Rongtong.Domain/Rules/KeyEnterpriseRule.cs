using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;

namespace Rongtong.Domain.Rules;

/// <summary>One enterprise's registry facts as the rule of 一 and 三(二) reads them.</summary>
public readonly record struct EnterpriseFacts(
    int KeyIndustryTag,
    int IndustryClass,
    int RegisteredRegion,
    int TaxRegion,
    int OperatingRegion,
    bool OutsourcedProduction,
    bool OutputCountedInCity,
    TaxRating Rating,
    bool HighTech,
    bool TechSme)
{
    /// <summary>The four booleans as the batch columns hold them (bit 0 outsourced, 1 counted, 2 high-tech, 3 科创).</summary>
    public byte Flags =>
        (byte)((OutsourcedProduction ? 1 : 0) | (OutputCountedInCity ? 2 : 0) | (HighTech ? 4 : 0) | (TechSme ? 8 : 0));
}

/// <summary>The outcome of the determination: key or not, on which sector basis, why, and the P2 quota.</summary>
public readonly record struct Determination(SectorBasis Basis, Reasons Reasons, bool IsKey, bool QuotaExceedable, Money.Money? Quota)
{
    public static Determination NotInForce => new(SectorBasis.None, Reasons.PolicyNotInForce, false, false, null);
}

/// <summary>
/// The version's parameters for one as-of date, compiled into lookup tables for the rule of 一 (key
/// enterprise) and 三(二) (quota). Compile once per run; evaluation then reads only arrays.
/// </summary>
public sealed class KeyEnterpriseParameters
{
    /// <summary>Flag bit of <see cref="EnterpriseFacts.Flags"/>.</summary>
    public const byte Outsourced = 1, Counted = 2, HighTech = 4, TechSme = 8;

    private KeyEnterpriseParameters(PolicyVersion version, DateOnly asOf, PolicyCatalog catalog)
    {
        Version = version;
        AsOf = asOf;
        Tables = catalog.Tables;
        TagsParameter = version.Get(ParameterKeys.KeyIndustryTags, asOf);
        DivisionsParameter = version.Get(ParameterKeys.ManufacturingDivisions, asOf);
        CityParameter = version.Get(ParameterKeys.CityRegionPrefix, asOf);
        TaxYearsParameter = version.Get(ParameterKeys.QuotaTaxYears, asOf);
        RatingsParameter = version.Get(ParameterKeys.QuotaExceedableRatings, asOf);

        TagAllowed = new bool[catalog.Tables.KeyIndustryTags.Count + 1];
        foreach (var tag in TagsParameter.AsList())
        {
            TagAllowed[catalog.Tables.TagIndex(tag)] = true;
        }

        var range = DivisionsParameter.AsList()[0].Split('-');
        ManufacturingFrom = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        ManufacturingTo = int.Parse(range[^1], System.Globalization.CultureInfo.InvariantCulture);
        SectorByClass = new byte[10000];
        for (var code = 0; code < 10000; code++)
        {
            var division = code / 100;
            if (!catalog.Tables.IsIndustryClass(code))
            {
                continue;
            }

            if (division >= ManufacturingFrom && division <= ManufacturingTo)
            {
                SectorByClass[code] = (byte)SectorBasis.Manufacturing;
            }
            else if (catalog.Tables.IsProducerService(code))
            {
                SectorByClass[code] = (byte)SectorBasis.ProducerService;
            }
        }

        CityPrefix = CityParameter.AsInt();
        TaxYears = TaxYearsParameter.AsInt();
        FirstTaxYear = asOf.Year - TaxYears;
        foreach (var r in RatingsParameter.AsList())
        {
            ExceedableRatingMask |= (byte)(1 << (int)Enum.Parse<TaxRating>(r));
        }

        // Padded copies for the branch-free kernel: any byte tag and any short class index them safely.
        TagAllowedByByte = new byte[256];
        for (var t = 0; t < TagAllowed.Length && t < 256; t++)
        {
            TagAllowedByByte[t] = TagAllowed[t] ? (byte)1 : (byte)0;
        }

        SectorByUShortClass = new byte[65536];
        SectorByClass.CopyTo(SectorByUShortClass, 0);
    }

    public PolicyVersion Version { get; }

    public DateOnly AsOf { get; }

    public ReferenceTables Tables { get; }

    public Parameter TagsParameter { get; }

    public Parameter DivisionsParameter { get; }

    public Parameter CityParameter { get; }

    public Parameter TaxYearsParameter { get; }

    public Parameter RatingsParameter { get; }

    /// <summary>Indexed by tag index (0 = no tag): whether the tag is one of this version's "5+3".</summary>
    public bool[] TagAllowed { get; }

    /// <summary>Indexed by class code: the sector basis the class gives on its own (manufacturing before producer service).</summary>
    public byte[] SectorByClass { get; }

    /// <summary><see cref="TagAllowed"/> as 0/1 over every byte value (tags past the table are not allowed).</summary>
    internal byte[] TagAllowedByByte { get; }

    /// <summary><see cref="SectorByClass"/> over every <c>(ushort)</c> class value (codes past 9999 have no sector).</summary>
    internal byte[] SectorByUShortClass { get; }

    public int ManufacturingFrom { get; }

    public int ManufacturingTo { get; }

    public int CityPrefix { get; }

    public int TaxYears { get; }

    /// <summary>The first calendar year of the quota window: asOf.Year − TaxYears (the window ends at Y−1).</summary>
    public int FirstTaxYear { get; }

    public byte ExceedableRatingMask { get; }

    private static readonly ConditionalWeakTable<PolicyCatalog, ConcurrentDictionary<DateOnly, KeyEnterpriseParameters?>> Compiled = [];

    /// <summary>
    /// Null when no version is in force on <paramref name="asOf"/> (POLICY_NOT_IN_FORCE). Compiled once per
    /// catalog and date (the catalog is immutable), so per-request callers do not rebuild the lookup tables.
    /// </summary>
    public static KeyEnterpriseParameters? Compile(PolicyCatalog catalog, DateOnly asOf)
    {
        var cache = Compiled.GetValue(catalog, _ => new ConcurrentDictionary<DateOnly, KeyEnterpriseParameters?>());
        if (cache.Count > 256)
        {
            cache.Clear(); // ~100 KB each: keep the working set of dates, not every date ever asked
        }

        return cache.GetOrAdd(asOf, d => catalog.VersionOn(d) is { } version ? new KeyEnterpriseParameters(version, d, catalog) : null);
    }
}

/// <summary>
/// 重点企业 determination (一) and the credit-guarantee quota (三(二)), POLICY.md P1–P2:
/// key iff the sector test and all three location tests pass while a version is in force; the quota is
/// the tax paid in the window years; the quota may be exceeded by A/B-rated high-tech or 科创 key
/// enterprises.
/// </summary>
public static class KeyEnterpriseRule
{
    private const Reasons Disqualifying = Reasons.NotInSector | Reasons.RegOutsideHz | Reasons.TaxOutsideHz | Reasons.OpsOutsideHz;

    /// <summary>
    /// The rule over plain values, shared by the single-enterprise path and the batch kernel.
    /// Result packing: bits 0–7 reasons, 8–11 basis, bit 12 key, bit 13 quota exceedable.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Core(int tag, int industryClass, int reg, int tax, int ops, byte flags, byte rating, bool anyTaxYearMissing, bool[] tagAllowed, byte[] sectorByClass, int city, byte ratingMask)
    {
        uint basis = tagAllowed[tag] ? (uint)SectorBasis.KeyIndustry : sectorByClass[industryClass];
        var reasons = basis == 0 ? (uint)Reasons.NotInSector : 0u;
        reasons |= reg / 100 != city ? (uint)Reasons.RegOutsideHz : 0u;
        reasons |= tax / 100 != city ? (uint)Reasons.TaxOutsideHz : 0u;
        if (ops / 100 != city)
        {
            reasons |= (flags & 3) == 3 ? (uint)Reasons.OpsOutsourcedCounted : (uint)Reasons.OpsOutsideHz;
        }

        var key = (reasons & (uint)Disqualifying) == 0;
        reasons |= key && anyTaxYearMissing ? (uint)Reasons.TaxYearMissing : 0u;
        var exceedable = key && (flags & 12) != 0 && ((ratingMask >> rating) & 1) != 0;
        return reasons | (basis << 8) | (key ? 1u << 12 : 0u) | (exceedable ? 1u << 13 : 0u);
    }

    public static Reasons ReasonsOf(uint packed) => (Reasons)(packed & 0xFF);

    public static SectorBasis BasisOf(uint packed) => (SectorBasis)((packed >> 8) & 0xF);

    public static bool IsKey(uint packed) => (packed & (1u << 12)) != 0;

    public static bool IsExceedable(uint packed) => (packed & (1u << 13)) != 0;

    /// <summary>
    /// Evaluates one enterprise. <paramref name="taxByYear"/> holds the tax paid per window year
    /// (index 0 = asOf.Year − TaxYears), null for a year without a row.
    /// </summary>
    public static Determination Evaluate(in EnterpriseFacts facts, IReadOnlyList<Money.Money?> taxByYear, KeyEnterpriseParameters? parameters)
    {
        if (parameters is null)
        {
            return Determination.NotInForce;
        }

        if (taxByYear.Count != parameters.TaxYears)
        {
            throw new ArgumentException($"expected {parameters.TaxYears} tax years, got {taxByYear.Count}", nameof(taxByYear));
        }

        var packed = Core(
            TagIndexInRange(facts.KeyIndustryTag, parameters),
            ClassInRange(facts.IndustryClass),
            facts.RegisteredRegion, facts.TaxRegion, facts.OperatingRegion,
            facts.Flags, (byte)facts.Rating,
            taxByYear.Any(t => t is null),
            parameters.TagAllowed, parameters.SectorByClass, parameters.CityPrefix, parameters.ExceedableRatingMask);
        var key = IsKey(packed);
        Money.Money? quota = key ? taxByYear.Aggregate(Money.Money.Zero, (sum, t) => sum + (t ?? Money.Money.Zero)) : null;
        return new Determination(BasisOf(packed), ReasonsOf(packed), key, IsExceedable(packed), quota);
    }

    private static int TagIndexInRange(int tag, KeyEnterpriseParameters p) =>
        tag >= 0 && tag < p.TagAllowed.Length ? tag : throw new ArgumentOutOfRangeException(nameof(tag), "unknown key-industry tag index");

    private static int ClassInRange(int code) =>
        code is >= 0 and <= 9999 ? code : throw new ArgumentOutOfRangeException(nameof(code), "industry class must be 0000..9999");

    /// <summary>True when the region code lies in the city (GB/T 2260 prefix, e.g. 3301 杭州市).</summary>
    public static bool InCity(int region, KeyEnterpriseParameters p) => RegionCode.IsUnder(region, p.CityPrefix);
}
