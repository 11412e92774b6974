namespace Rongtong.Domain.Policy;

/// <summary>
/// The names of the dated parameters (POLICY.md "(param)"). A version's data must define each
/// required key for every day of its period; groups named <c>*_share</c> or <c>*_weights</c> must sum to 1.
/// </summary>
public static class ParameterKeys
{
    public const string KeyIndustryTags = "key_enterprise.key_industry_tags";
    public const string ManufacturingDivisions = "key_enterprise.manufacturing_divisions";
    public const string CityRegionPrefix = "key_enterprise.city_region_prefix";
    public const string QuotaTaxYears = "quota.tax_years";
    public const string QuotaExceedableRatings = "quota.exceedable_ratings";
    public const string FeeAnnualCap = "fee.annual_cap";
    public const string FeeDayBasis = "fee.day_count_basis";
    public const string RiskShareGuarantor = "risk_share.guarantor";
    public const string RiskShareNationalFund = "risk_share.national_fund";
    public const string RiskShareProvincial = "risk_share.provincial_reguarantee";
    public const string RiskShareBank = "risk_share.bank";
    public const string SupplementaryCollateralRatio = "supplementary.collateral_ratio";
    public const string SupplyChainOrderRatio = "supply_chain.order_ratio";
    public const string BatchPerLoanCeiling = "batch.per_loan_ceiling";
    public const string BatchContributionThreshold = "batch.contribution_threshold";
    public const string BridgeCommitmentRatio = "bridge.max_commitment_ratio";
    public const string BridgePerEnterpriseCap = "bridge.per_enterprise_cap";
    public const string BridgeFeeDailyFirst = "bridge.fee_daily_rate_first";
    public const string BridgeFeeFirstDays = "bridge.fee_first_days";
    public const string BridgeFeeDailyAfter = "bridge.fee_daily_rate_after";
    public const string BridgeOverdueBusinessDays = "bridge.overdue_business_days";
    public const string AmplificationWeightSmallMicro = "amplification.weight_small_micro";
    public const string AmplificationSmallMicroBalanceLimit = "amplification.small_micro_balance_limit";
    public const string AmplificationWeightOther = "amplification.weight_other";
    public const string AmplificationCap = "amplification.cap";
    public const string AmplificationCapFocused = "amplification.cap_small_micro_focus";
    public const string AmplificationWarnRatio = "amplification.warn_ratio";
    public const string SingleBorrowerCap = "single_borrower.cap";
    public const string SingleBorrowerRelatedCap = "single_borrower.related_cap";
    public const string GuaranteeVolumeTarget = "evaluation.volume_target";
    public const string PushK = "push.k";
    public const string PushClaimBusinessDays = "push.claim_business_days";
    public const string PushDecideBusinessDays = "push.decide_business_days";
    public const string MotherFundSize = "fund.mother_fund_size";

    /// <summary>Keys every version must define for every day of its period.</summary>
    public static readonly IReadOnlyList<string> Required =
    [
        KeyIndustryTags, ManufacturingDivisions, CityRegionPrefix, QuotaTaxYears, QuotaExceedableRatings,
        FeeAnnualCap, FeeDayBasis, RiskShareGuarantor, RiskShareNationalFund, RiskShareProvincial, RiskShareBank,
        SupplementaryCollateralRatio, SupplyChainOrderRatio, BatchPerLoanCeiling, BatchContributionThreshold,
        BridgeCommitmentRatio, BridgePerEnterpriseCap, BridgeFeeDailyFirst, BridgeFeeFirstDays, BridgeFeeDailyAfter,
        BridgeOverdueBusinessDays, AmplificationWeightSmallMicro, AmplificationSmallMicroBalanceLimit,
        AmplificationWeightOther, AmplificationCap, AmplificationCapFocused, AmplificationWarnRatio,
        SingleBorrowerCap, SingleBorrowerRelatedCap, GuaranteeVolumeTarget, PushK, PushClaimBusinessDays,
        PushDecideBusinessDays, MotherFundSize,
    ];
}
