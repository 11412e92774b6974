using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rongtong.Application.Data;

namespace Rongtong.Web.Hosting;

/// <summary>Adds the user's organisation, its kind and (for enterprises) the registry enterprise to the principal.</summary>
public sealed class ClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == user.OrganisationId);
        if (org is not null)
        {
            identity.AddClaim(new Claim(RongtongClaims.Organisation, org.Id.ToString()));
            identity.AddClaim(new Claim(RongtongClaims.OrganisationKind, org.Kind.ToString()));
            if (org.EnterpriseId is { } e)
            {
                identity.AddClaim(new Claim(RongtongClaims.Enterprise, e.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return identity;
    }
}
