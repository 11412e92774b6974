using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Credit;

/// <summary>知识产权质押登记 (二(三)): the bank records the pledge of a patent or trademark behind one of its loans.</summary>
public static class RegisterIpPledge
{
    public sealed record Command(long LoanId, string Kind, string RightNumber, Domain.Money.Money Value, string RegistrationNumber, string FilingStatus);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<IpPledge> Handle(Command c, CancellationToken ct = default)
        {
            if (db.Viewer.Kind != OrganisationKind.Bank)
            {
                throw new DomainException("FORBIDDEN", "the pledgee bank records the pledge");
            }

            var loan = await db.Loans.FirstOrDefaultAsync(l => l.Id == c.LoanId && l.BankId == db.Viewer.OrganisationId, ct)
                ?? throw new DomainException("NOT_FOUND", $"loan {c.LoanId} is not one of your loans");
            new FieldChecks("PLEDGE_INVALID")
                .Check(c.Kind is "patent" or "trademark", "kind", "patent or trademark")
                .Check(c.RightNumber.Trim().Length > 0, "rightNumber", "required")
                .Check(c.RegistrationNumber.Trim().Length > 0, "registrationNumber", "required")
                .Check(c.Value.Fen > 0, "value", "must be positive")
                .Check(c.FilingStatus is "filed" or "registered" or "released", "filingStatus", "filed, registered or released")
                .ThrowIfAny();

            if (await db.IpPledges.IgnoreQueryFilters().AnyAsync(p => p.RegistrationNumber == c.RegistrationNumber.Trim(), ct))
            {
                throw new DomainException("PLEDGE_CONFLICT", $"registration {c.RegistrationNumber} is already recorded");
            }

            var pledge = new IpPledge
            {
                LoanId = loan.Id, EnterpriseId = loan.EnterpriseId, BankId = loan.BankId, Kind = c.Kind, RightNumber = c.RightNumber.Trim(), ValueFen = c.Value.Fen,
                RegistrationNumber = c.RegistrationNumber.Trim(), FilingStatus = c.FilingStatus,
            };
            db.IpPledges.Add(pledge);
            await db.SaveChangesAsync(ct);
            return pledge;
        }
    }
}
