using Microsoft.AspNetCore.Identity;
using Rongtong.Application.Data;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Identity;

/// <summary>
/// An admin invites a person into the admin's own organisation with roles; the person sets their own
/// password with the one-time invitation token. No one ever receives a default password.
/// </summary>
public static class InviteUser
{
    public sealed record Command(string Email, string DisplayName, IReadOnlyList<string> Roles);

    public sealed record Invitation(Guid UserId, string Email, string Token, string AcceptPath);

    public sealed record Accept(string Email, string Token, string Password);

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users)
    {
        public async Task<Invitation> Handle(Command c, CancellationToken ct = default)
        {
            var org = db.Viewer.OrganisationId ?? throw new DomainException("FORBIDDEN", "only an organisation's admin invites");
            var bad = c.Roles.Where(r => !Data.Roles.All.Contains(r)).ToList();
            if (bad.Count > 0)
            {
                throw new DomainException("ROLE_UNKNOWN", $"unknown role {string.Join(", ", bad)}; roles are {string.Join(", ", Data.Roles.All)}");
            }

            if (!Deliverable(c.Email))
            {
                throw DomainException.Field("EMAIL_INVALID", "email", $"'{c.Email}' is not an address an invitation can reach (name@host.domain)");
            }

            if (await users.FindByEmailAsync(c.Email) is not null)
            {
                throw new DomainException("USER_CONFLICT", $"{c.Email} already has an account");
            }

            var user = new AppUser { Id = Guid.CreateVersion7(), UserName = c.Email, Email = c.Email, OrganisationId = org, DisplayName = c.DisplayName.Trim() };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRolesAsync(user, c.Roles.Distinct()));
            var token = await users.GeneratePasswordResetTokenAsync(user);
            return new Invitation(user.Id, c.Email, token, $"/account/accept?email={Uri.EscapeDataString(c.Email)}&token={Uri.EscapeDataString(token)}");
        }
    }

    public sealed class AcceptHandler(UserManager<AppUser> users)
    {
        /// <summary>Field errors (empty when the password was set).</summary>
        public async Task<Dictionary<string, string[]>> Handle(Accept a)
        {
            var user = await users.FindByEmailAsync(a.Email);
            if (user is null)
            {
                return new() { ["token"] = ["the invitation is not valid"] };
            }

            var result = await users.ResetPasswordAsync(user, a.Token, a.Password);
            if (result.Succeeded)
            {
                user.EmailConfirmed = true;
                await users.UpdateAsync(user);
                return [];
            }

            return result.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "token")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException("USER_INVALID", string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>
    /// An address an invitation can reach: what <see cref="System.Net.Mail.MailAddress"/> reads back unchanged, with a
    /// host of two or more non-empty labels. The <c>[EmailAddress]</c> check of the API takes <c>a@b</c> and
    /// <c>a@demo..local</c>.
    /// </summary>
    private static bool Deliverable(string email) =>
        System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email
        && address.Host.Split('.') is { Length: >= 2 } labels && labels.All(l => l.Length > 0);
}
