namespace Rongtong.Application.Data;

/// <summary>The kinds of institution that carry out the measures (INTERFACES.md demo accounts).</summary>
public enum OrganisationKind
{
    /// <summary>市地方金融监管局 — leads the policy (施行期 clause), oversees everything, acts as no bank.</summary>
    Regulator = 1,
    Bank = 2,

    /// <summary>市/县 政府性融资担保机构.</summary>
    Guarantor = 3,

    /// <summary>国家融资担保基金.</summary>
    NationalFund = 4,

    /// <summary>省再担保公司.</summary>
    ProvincialReguarantor = 5,

    /// <summary>转贷平台.</summary>
    BridgePlatform = 6,
    FundManager = 7,
    Insurer = 8,
    Enterprise = 9,
}

/// <summary>An institution on the platform. Every user belongs to exactly one.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public OrganisationKind Kind { get; set; }

    /// <summary>Short stable code (e.g. <c>BANK-ICBC-HZ</c>).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string NameEn { get; set; } = "";

    /// <summary>Guarantors: the GB/T 2260 districts served, <c>;</c>-separated (coverage of 三(一)).</summary>
    public string Districts { get; set; } = "";

    /// <summary>Guarantors: net assets in 分 (放大倍数 denominator).</summary>
    public long NetAssetsFen { get; set; }

    /// <summary>Guarantors mainly serving small/micro and 三农 enterprises (15× amplification cap).</summary>
    public bool SmallMicroFocus { get; set; }

    /// <summary>Enterprise organisations: the registry enterprise they are.</summary>
    public long? EnterpriseId { get; set; }

    public int Version { get; set; }
}
