using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Registry;

/// <summary>授权: an enterprise lets an institution read parts of its data for a purpose until a date; and revokes it.</summary>
public static class GrantConsent
{
    public static readonly string[] Scopes = ["registry", "taxes", "determinations", "guarantees", "loans"];

    public sealed record Command(Guid GranteeOrganisationId, IReadOnlyList<string> Scope, string Purpose, DateOnly ValidUntil);

    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public async Task<Consent> Handle(Command c, CancellationToken ct = default)
        {
            var enterprise = db.Viewer.EnterpriseId ?? throw new DomainException("FORBIDDEN", "only an enterprise grants consent to its own data");
            var unknown = c.Scope.Where(s => !Scopes.Contains(s)).ToList();
            if (unknown.Count > 0)
            {
                throw DomainException.Field("CONSENT_SCOPE_INVALID", "scope", $"unknown scope {string.Join(", ", unknown)}; allowed: {string.Join(", ", Scopes)}");
            }

            if (c.ValidUntil < db.Viewer.BusinessDate)
            {
                throw new DomainException("CONSENT_EXPIRED", "a consent must hold at least until the business date");
            }

            var grantee = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == c.GranteeOrganisationId, ct)
                ?? throw new DomainException("CONSENT_GRANTEE_UNKNOWN", "no such institution");
            if (grantee.Kind is OrganisationKind.Enterprise or OrganisationKind.Regulator)
            {
                throw DomainException.Field("CONSENT_GRANTEE_INVALID", "granteeOrganisationId", "consent is given to a financial institution, not to an enterprise or the regulator");
            }

            var consent = new Consent
            {
                EnterpriseId = enterprise, GranteeOrganisationId = grantee.Id, Scope = string.Join(';', c.Scope.Distinct().Order(StringComparer.Ordinal)),
                Purpose = c.Purpose.Trim(), ValidUntil = c.ValidUntil, GrantedAt = clock.GetUtcNow(), GrantedBy = db.Viewer.UserId ?? Guid.Empty,
            };
            db.Consents.Add(consent);
            await db.SaveChangesAsync(ct);
            return consent;
        }
    }

    public sealed class RevokeHandler(AppDbContext db, TimeProvider clock)
    {
        /// <summary>False when the consent is not the caller's to revoke (not visible or another enterprise's).</summary>
        public async Task<bool> Handle(long id, CancellationToken ct = default)
        {
            var consent = await db.Consents.FirstOrDefaultAsync(c => c.Id == id && c.EnterpriseId == db.Viewer.EnterpriseId, ct);
            if (consent is null)
            {
                return false;
            }

            consent.RevokedAt ??= clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
