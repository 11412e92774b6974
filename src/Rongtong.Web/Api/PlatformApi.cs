using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Platform;
using Rongtong.Application.Infrastructure;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>Business date, organisations, the audit log.</summary>
public static class PlatformApi
{
    public sealed record BusinessDateBody([property: Required] DateOnly? BusinessDate);

    public sealed record BusinessDateView(DateOnly BusinessDate);

    public sealed record OrganisationView(Guid Id, string Code, string Name, string NameEn, string Kind);

    public sealed record AuditView(long Id, DateTimeOffset At, Guid? UserId, Guid? OrganisationId, string Action, string Entity, string EntityKey, string Before, string After, string Hash);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Platform");

        api.MapGet("/business-date", async (AppDbContext db, TimeProvider clock) =>
            TypedResults.Ok(new BusinessDateView(await SetBusinessDate.CurrentAsync(db, clock))))
            .RequireAuthorization(Policies.SignedIn).WithSummary("营业日期 — the business date every workflow uses");

        api.MapPut("/business-date", async (BusinessDateBody body, SetBusinessDate.Handler handler) =>
            TypedResults.Ok(new BusinessDateView(await handler.Handle(new SetBusinessDate.Command(body.BusinessDate!.Value)))))
            .RequireAuthorization(Policies.Regulator).WithSummary("Set the business date (regulator)");

        api.MapGet("/organisations", async (AppDbContext db) =>
            TypedResults.Ok(await db.Organisations.AsNoTracking().OrderBy(o => o.Kind).ThenBy(o => o.Code)
                .Select(o => new OrganisationView(o.Id, o.Code, o.Name, o.NameEn, o.Kind.ToString())).ToListAsync()))
            .RequireAuthorization(Policies.SignedIn).WithSummary("Institutions on the platform (names only)");

        api.MapGet("/audit", async (AppDbContext db, long? after, int? take) =>
        {
            // Entries are chained about once a second; chain what is committed so the log read is complete.
            await AuditChainer.ChainAsync(db);
            var from = after ?? 0;
            var rows = await db.Audit.AsNoTracking().Where(a => a.Id > from).OrderBy(a => a.Id).Take(Math.Clamp(take ?? 100, 1, 1000))
                .Select(a => new AuditView(a.Id, a.At, a.UserId, a.OrganisationId, a.Action, a.Entity, a.EntityKey, a.Before, a.After, a.Hash)).ToListAsync();
            return TypedResults.Ok(rows);
        }).RequireAuthorization(Policies.SignedIn).WithSummary("The audit log: the regulator sees all, others their organisation's entries");

        api.MapGet("/audit/verify", async Task<Ok<VerifyAudit.Result>> (VerifyAudit.Handler handler) => TypedResults.Ok(await handler.Handle()))
            .RequireAuthorization(Policies.Regulator).WithSummary("Check the audit log's hash chain (regulator)");
    }
}
