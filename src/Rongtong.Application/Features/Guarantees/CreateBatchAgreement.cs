using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// A guarantor signs a 见贷即保 agreement with a bank (三(二) "对地方贡献突出的企业实行'见贷即保'的批量担保模式"):
/// total limit, per-loan ceiling (≤ the policy's), contribution threshold (≥ the policy's), fee rate, validity,
/// optional 限率代偿 cap.
/// </summary>
public static class CreateBatchAgreement
{
    public sealed record Command(Guid BankId, Domain.Money.Money TotalLimit, Domain.Money.Money? PerLoanCeiling, Domain.Money.Money? ContributionThreshold,
        decimal FeeRate, DateOnly ValidFrom, DateOnly ValidTo, decimal? CompensationRateCap);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<BatchAgreement> Handle(Command c, CancellationToken ct = default)
        {
            var v = db.Viewer;
            if (v.Kind != OrganisationKind.Guarantor || v.OrganisationId is not { } guarantor)
            {
                throw new DomainException("FORBIDDEN", "a government guarantor signs batch agreements");
            }

            GuaranteeSupport.Require(db, Roles.Checker);
            Dates.RequireInRange(c.ValidFrom, "validFrom");
            Dates.RequireInRange(c.ValidTo, "validTo");
            var version = GuaranteeSupport.Version(catalog, c.ValidFrom);
            var policyCeiling = version.Get(ParameterKeys.BatchPerLoanCeiling, c.ValidFrom);
            var policyThreshold = version.Get(ParameterKeys.BatchContributionThreshold, c.ValidFrom);
            var ceiling = c.PerLoanCeiling ?? policyCeiling.AsMoney();
            var threshold = c.ContributionThreshold ?? policyThreshold.AsMoney();
            if (ceiling > policyCeiling.AsMoney())
            {
                throw new DomainException("BATCH_CEILING_ABOVE_POLICY", $"the per-loan ceiling may not exceed {policyCeiling.AsMoney()} ({policyCeiling.Clause})");
            }

            if (threshold < policyThreshold.AsMoney())
            {
                throw new DomainException("BATCH_THRESHOLD_BELOW_POLICY", $"the contribution threshold may not be below {policyThreshold.AsMoney()} ({policyThreshold.Clause})");
            }

            new FieldChecks("BATCH_INVALID")
                .Check(c.TotalLimit.Fen > 0, "totalLimit", "must be positive")
                .Check(ceiling.Fen > 0, "perLoanCeiling", "must be positive")
                .Check(c.ValidTo >= c.ValidFrom, "validTo", "on or after validFrom")
                .Check(c.FeeRate is >= 0 and <= 1, "feeRate", "a decimal between 0 and 1 (0.008 = 0.8 %)")
                .Check(c.CompensationRateCap is null or (>= 0 and <= 1), "compensationRateCap", "a decimal between 0 and 1")
                .ThrowIfAny();

            if (!await db.Organisations.AnyAsync(o => o.Id == c.BankId && o.Kind == OrganisationKind.Bank, ct))
            {
                throw new DomainException("PARTY_UNKNOWN", "no such bank");
            }

            var a = new BatchAgreement
            {
                BankId = c.BankId, GuarantorId = guarantor, TotalLimitFen = c.TotalLimit.Fen, PerLoanCeilingFen = ceiling.Fen, ContributionThresholdFen = threshold.Fen,
                FeeRate = c.FeeRate, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo, CompensationRateCap = c.CompensationRateCap,
            };
            db.BatchAgreements.Add(a);
            await db.SaveChangesAsync(ct);
            return a;
        }
    }
}
