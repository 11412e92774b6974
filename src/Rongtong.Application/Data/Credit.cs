namespace Rongtong.Application.Data;

/// <summary>The product types of 二(三)(四).</summary>
public static class ProductTypes
{
    public static readonly string[] All =
    [
        "MEDIUM_TERM_ANNUAL_REVIEW",   // 中期流动资金贷款 内嵌年审
        "MEDIUM_TERM_PRE_REVIEW",      // 中期授信 内嵌预审
        "REVOLVING_MEDIUM_TERM",       // 循环式中期流动资金贷款
        "FIRST_LOAN",                  // 首贷
        "CREDIT_LOAN",                 // 信用贷
        "RENEWAL_NO_PRINCIPAL",        // 无还本续贷
        "IP_PLEDGE",                   // 知识产权质押贷
        "TALENT_LOAN",                 // 人才贷
        "TECH_POINTS_LOAN",            // 科技积分贷
        "LOAN_PLUS_DIRECT_INVESTMENT", // 股债联动 贷款+外部直投
        "LOAN_PLUS_FORWARD_EQUITY",    // 股债联动 贷款+远期权益
    ];
}

/// <summary>A bank's credit product, managed by that bank; what the batch push matches demands against.</summary>
public sealed class BankProduct
{
    public long Id { get; set; }

    public Guid BankId { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string ProductType { get; set; }

    public long MinAmountFen { get; set; }

    public long MaxAmountFen { get; set; }

    public int MinTermMonths { get; set; }

    public int MaxTermMonths { get; set; }

    /// <summary><c>;</c>-separated GB/T 4754 prefixes; empty = any.</summary>
    public string IndustryPrefixes { get; set; } = "";

    /// <summary><c>;</c>-separated GB/T 2260 prefixes; empty = any.</summary>
    public string RegionPrefixes { get; set; } = "";

    public bool KeyOnly { get; set; }

    public bool UnsecuredOk { get; set; }

    public decimal MinRate { get; set; }

    public decimal MaxRate { get; set; }

    public bool Active { get; set; } = true;

    public int Version { get; set; }
}

/// <summary>How many pushes a bank takes per day (P8 capacity).</summary>
public sealed class BankCapacity
{
    public Guid BankId { get; set; }

    public int DailyPushes { get; set; }

    public int Version { get; set; }
}

/// <summary>An enterprise's loan demand (融资需求), posted by it or imported from the credit-information platform.</summary>
public sealed class LoanDemand
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public Enterprise? Enterprise { get; set; }

    public long AmountFen { get; set; }

    public int TermMonths { get; set; }

    public bool Unsecured { get; set; }

    public string Purpose { get; set; } = "";

    /// <summary>Key status attached when posted (一), for the bank's eyes and the key_only products.</summary>
    public bool KeyEnterprise { get; set; }

    /// <summary>The states a demand can be in (<see cref="State"/>).</summary>
    public static readonly string[] States = ["open", "pushed", "granted", "disbursed", "closed"];

    /// <summary><c>open</c>, <c>pushed</c>, <c>granted</c>, <c>disbursed</c>, <c>closed</c>.</summary>
    public string State { get; set; } = "open";

    public DateOnly PostedOn { get; set; }

    public string Source { get; set; } = "enterprise";

    public int Version { get; set; }
}

/// <summary>One push of a demand to a bank's product, with the fit explained and the response clock.</summary>
public sealed class DemandPush
{
    public long Id { get; set; }

    public long DemandId { get; set; }

    public LoanDemand? Demand { get; set; }

    /// <summary>The demand's enterprise, held here too so the push's isolation filter needs no join.</summary>
    public long EnterpriseId { get; set; }

    public Guid BankId { get; set; }

    public long ProductId { get; set; }

    public decimal Fit { get; set; }

    /// <summary>The fit's components as JSON — why this bank.</summary>
    public string FitJson { get; set; } = "{}";

    public DateOnly PushedOn { get; set; }

    public DateOnly ClaimBy { get; set; }

    public DateOnly DecideBy { get; set; }

    /// <summary>The states a push can be in (<see cref="State"/>).</summary>
    public static readonly string[] States = ["pushed", "claimed", "declined", "granted", "refused", "escalated"];

    /// <summary><c>pushed</c>, <c>claimed</c>, <c>declined</c>, <c>granted</c>, <c>refused</c>, <c>escalated</c>.</summary>
    public string State { get; set; } = "pushed";

    public DateTimeOffset PushedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateOnly? AnsweredOn { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateOnly? DecidedOn { get; set; }

    public DateOnly? EscalatedOn { get; set; }

    public string Note { get; set; } = "";

    public long? LoanId { get; set; }

    public int Version { get; set; }
}

/// <summary>知识产权质押登记 recorded with a loan (二(三) "知识产权质押登记线上办理").</summary>
public sealed class IpPledge
{
    public long Id { get; set; }

    public long LoanId { get; set; }

    public long EnterpriseId { get; set; }

    public Guid BankId { get; set; }

    /// <summary><c>patent</c> or <c>trademark</c>.</summary>
    public required string Kind { get; set; }

    public required string RightNumber { get; set; }

    public long ValueFen { get; set; }

    public required string RegistrationNumber { get; set; }

    /// <summary><c>filed</c>, <c>registered</c>, <c>released</c>.</summary>
    public string FilingStatus { get; set; } = "filed";

    public int Version { get; set; }
}

/// <summary>The enterprise's declaration for the 科技积分 score, as of a date.</summary>
public sealed class TechDeclarationRecord
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public DateOnly DeclaredOn { get; set; }

    public int HighValueIpCount { get; set; }

    public decimal RdRatio { get; set; }

    public decimal RevenueGrowth { get; set; }

    public decimal DebtToAssetRatio { get; set; }

    public bool StrategicEmergingIndustry { get; set; }

    public decimal MainBusinessShare { get; set; }

    public long RevenueFen { get; set; }

    public int Score { get; set; }

    public string Stage { get; set; } = "";

    public long IndicativeLineFen { get; set; }

    public string BreakdownJson { get; set; } = "[]";

    public int Version { get; set; }
}
