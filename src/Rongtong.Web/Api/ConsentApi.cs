using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Registry;
using Rongtong.Domain.Text;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>授权: an enterprise grants and revokes institutions' access to its data; everyone sees the grants that concern them.</summary>
public static class ConsentApi
{
    public sealed record GrantBody([property: Required] Guid? GranteeOrganisationId, [property: Required, MinLength(1)] string[] Scope, [property: Required, MinLength(2), MaxLength(Lengths.Text)] string Purpose, [property: Required] DateOnly? ValidUntil);

    public sealed record ConsentView(long Id, long EnterpriseId, Guid GranteeOrganisationId, string Scope, string Purpose, DateOnly ValidUntil, DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt, bool Live);

    public sealed record AccessView(long Id, long EnterpriseId, Guid OrganisationId, Guid UserId, string What, DateTimeOffset At);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/consents").WithTags("Consent").RequireAuthorization(Policies.SignedIn);

        api.MapGet("/", async (AppDbContext db) =>
        {
            var date = db.Viewer.BusinessDate;
            return TypedResults.Ok(await db.Consents.AsNoTracking().OrderByDescending(c => c.Id)
                .Select(c => new ConsentView(c.Id, c.EnterpriseId, c.GranteeOrganisationId, c.Scope, c.Purpose, c.ValidUntil, c.GrantedAt, c.RevokedAt, c.RevokedAt == null && c.ValidUntil >= date))
                .ToListAsync());
        }).WithSummary("Consents you granted (enterprise) or hold (institution)");

        api.MapPost("/", async Task<Results<Created<ConsentView>, ValidationProblem>> (GrantBody body, GrantConsent.Handler handler) =>
        {
            var c = await handler.Handle(new GrantConsent.Command(body.GranteeOrganisationId!.Value, body.Scope, body.Purpose, body.ValidUntil!.Value));
            return TypedResults.Created($"/api/v1/consents/{c.Id}", new ConsentView(c.Id, c.EnterpriseId, c.GranteeOrganisationId, c.Scope, c.Purpose, c.ValidUntil, c.GrantedAt, c.RevokedAt, true));
        }).RequireAuthorization(Policies.Enterprise).WithSummary("Grant an institution access to your data (enterprise)");

        api.MapPost("/{id:long}/revoke", async Task<Results<NoContent, NotFound>> (long id, GrantConsent.RevokeHandler handler) =>
            await handler.Handle(id) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireAuthorization(Policies.Enterprise).WithSummary("Revoke a consent (enterprise)");

        api.MapGet("/accesses", async (AppDbContext db) =>
            TypedResults.Ok(await db.ConsentAccesses.AsNoTracking().OrderByDescending(a => a.Id).Take(500)
                .Select(a => new AccessView(a.Id, a.EnterpriseId, a.OrganisationId, a.UserId, a.What, a.At)).ToListAsync()))
            .WithSummary("Every read made under a consent: the enterprise sees reads of its data, an institution its own reads");
    }
}
