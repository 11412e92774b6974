using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>Sign-in for API clients (bearer token) and who-am-I.</summary>
public static class AuthApi
{
    public sealed record LoginRequest([property: Required, EmailAddress] string Email, [property: Required] string Password);

    public sealed record Account(Guid UserId, string Email, string DisplayName, Guid OrganisationId, string OrganisationCode, string OrganisationName, string OrganisationKind, long? EnterpriseId, string[] Roles, DateOnly BusinessDate, string Language);

    public static void Map(IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");

        // The bearer handler writes {tokenType, accessToken, expiresIn, refreshToken} when sign-in succeeds.
        auth.MapPost("/login", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (LoginRequest request, SignInManager<AppUser> signIn) =>
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(request.Email, request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return TypedResults.Empty;
            }

            return TypedResults.Problem(
                result.IsLockedOut ? "too many failed attempts; the account is locked for a while" : "wrong email or password",
                statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }).AllowAnonymous().WithSummary("Sign in; returns a bearer accessToken");

        auth.MapGet("/me", async Task<Results<Ok<Account>, NotFound>> (ClaimsPrincipal user, UserManager<AppUser> users, AppDbContext db) =>
        {
            var account = await users.GetUserAsync(user);
            if (account is null)
            {
                return TypedResults.NotFound();
            }

            var org = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == account.OrganisationId);
            var roles = await users.GetRolesAsync(account);
            return TypedResults.Ok(new Account(account.Id, account.Email ?? "", account.DisplayName, org.Id, org.Code, org.Name, org.Kind.ToString(), org.EnterpriseId,
                [.. roles.Order(StringComparer.Ordinal)], db.Viewer.BusinessDate, account.Language));
        }).RequireAuthorization(Policies.SignedIn).WithSummary("The signed-in user, organisation, roles and business date");
    }
}
