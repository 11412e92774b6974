using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Identity;
using Rongtong.Domain.Text;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>An organisation's admin invites and lists its people; the invited person sets a password with the invitation.</summary>
public static class UsersApi
{
    public sealed record InviteBody([property: Required, EmailAddress, MaxLength(Lengths.Name)] string Email, [property: Required, MaxLength(Lengths.Name)] string DisplayName, [property: Required, MinLength(1)] string[] Roles);

    public sealed record AcceptBody([property: Required, EmailAddress] string Email, [property: Required] string Token, [property: Required] string Password);

    public sealed record UserView(Guid Id, string Email, string DisplayName, string[] Roles, bool LockedOut);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/users").WithTags("Users");

        api.MapGet("/", async (AppDbContext db, UserManager<AppUser> users) =>
        {
            var org = db.Viewer.OrganisationId;
            var list = await db.Users.AsNoTracking().Where(u => u.OrganisationId == org).OrderBy(u => u.Email).ToListAsync();
            var result = new List<UserView>();
            foreach (var u in list)
            {
                result.Add(new UserView(u.Id, u.Email ?? "", u.DisplayName, [.. await users.GetRolesAsync(u)], u.LockoutEnd > DateTimeOffset.MinValue && await users.IsLockedOutAsync(u)));
            }

            return TypedResults.Ok(result);
        }).RequireAuthorization(Policies.Admin).WithSummary("People of your organisation (admin)");

        api.MapPost("/invite", async Task<Results<Ok<InviteUser.Invitation>, ValidationProblem>> (InviteBody body, InviteUser.Handler handler) =>
            TypedResults.Ok(await handler.Handle(new InviteUser.Command(body.Email, body.DisplayName, body.Roles))))
            .RequireAuthorization(Policies.Admin).WithSummary("Invite a person into your organisation (admin); returns the invitation token");

        api.MapPost("/accept", async Task<Results<NoContent, ValidationProblem>> (AcceptBody body, InviteUser.AcceptHandler handler) =>
        {
            var errors = await handler.Handle(new InviteUser.Accept(body.Email, body.Token, body.Password));
            return errors.Count == 0 ? TypedResults.NoContent() : TypedResults.ValidationProblem(errors);
        }).AllowAnonymous().WithSummary("Accept an invitation by setting a password");
    }
}
