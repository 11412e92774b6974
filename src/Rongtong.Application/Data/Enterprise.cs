namespace Rongtong.Application.Data;

/// <summary>
/// An enterprise of the registry (market-regulation feed), keyed by its USCC. Fields mirror the
/// <c>enterprises.csv</c> contract; every change made by an import is kept in <see cref="EnterpriseChange"/>.
/// </summary>
public sealed class Enterprise
{
    public long Id { get; set; }

    public required string Uscc { get; set; }

    public required string Name { get; set; }

    public required string IndustryCode { get; set; }

    public string KeyIndustry { get; set; } = "";

    public required string RegisteredRegion { get; set; }

    public required string TaxRegion { get; set; }

    public required string OperatingRegion { get; set; }

    public bool OutsourcedProduction { get; set; }

    public bool OutputCountedInHangzhou { get; set; }

    public string TaxCreditRating { get; set; } = "";

    public bool HighTech { get; set; }

    public bool TechSme { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }

    public List<Consent> Consents { get; set; } = [];
}

/// <summary>One field of an enterprise changed by an import: the history of the registry.</summary>
public sealed class EnterpriseChange
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public Guid ImportId { get; set; }

    public required string Field { get; set; }

    public string OldValue { get; set; } = "";

    public string NewValue { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Tax paid by an enterprise in a calendar year (tax feed), in 分.</summary>
public sealed class TaxRecord
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public Enterprise? Enterprise { get; set; }

    public int Year { get; set; }

    public long TaxPaidFen { get; set; }

    public int Version { get; set; }
}

/// <summary>A stored determination (一, 三(二)) of one enterprise for one as-of date, with its explanation.</summary>
public sealed class DeterminationRecord
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public Enterprise? Enterprise { get; set; }

    public DateOnly AsOf { get; set; }

    public required string PolicyVersion { get; set; }

    public bool IsKey { get; set; }

    public required string SectorBasis { get; set; }

    public bool QuotaExceedable { get; set; }

    public long? QuotaFen { get; set; }

    /// <summary><c>;</c>-separated reason codes.</summary>
    public string Reasons { get; set; } = "";

    /// <summary>
    /// The facts the rule read, as JSON (fields and the tax window). With the pure rule and the dated policy
    /// data this reproduces the full explanation tree exactly, at a fraction of its size.
    /// </summary>
    public string InputsJson { get; set; } = "";

    public DateTimeOffset ComputedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// 授权: an enterprise lets one institution read parts of its data for a purpose until a date; revocable.
/// Without a live consent a bank sees nothing of the enterprise.
/// </summary>
public sealed class Consent
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public Enterprise? Enterprise { get; set; }

    public Guid GranteeOrganisationId { get; set; }

    /// <summary>What may be read: <c>;</c>-separated among registry, taxes, determinations, guarantees, loans.</summary>
    public required string Scope { get; set; }

    public required string Purpose { get; set; }

    /// <summary>Last business day the consent holds (inclusive).</summary>
    public DateOnly ValidUntil { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    public Guid GrantedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>Every read of an enterprise's data made under a consent; the enterprise sees the log.</summary>
public sealed class ConsentAccess
{
    public long Id { get; set; }

    public long ConsentId { get; set; }

    public long EnterpriseId { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid UserId { get; set; }

    public required string What { get; set; }

    public DateTimeOffset At { get; set; }
}
