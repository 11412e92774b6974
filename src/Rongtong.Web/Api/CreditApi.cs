using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Credit;
using Rongtong.Domain.Credit;
using Rongtong.Domain.Money;
using Rongtong.Domain.Text;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>Credit (二): bank products, loan demands, the batch push with its response clock, the funnel, 科技积分, IP pledges.</summary>
public static class CreditApi
{
    public sealed record ProductBody(
        [property: Required, MinLength(1), MaxLength(Lengths.Code)] string Code, [property: Required, MinLength(1), MaxLength(Lengths.Name)] string Name, [property: Required, MaxLength(Lengths.Code)] string ProductType,
        [property: Required] string MinAmount, [property: Required] string MaxAmount, [property: Required, Range(1, 600)] int? MinTermMonths, [property: Required, Range(1, 600)] int? MaxTermMonths,
        [property: MaxLength(Lengths.Text)] string? IndustryPrefixes, [property: MaxLength(Lengths.Text)] string? RegionPrefixes, bool KeyOnly, bool UnsecuredOk, decimal MinRate, decimal MaxRate, bool Active = true);

    public sealed record CapacityBody([property: Required, Range(0, 1_000_000)] int? DailyPushes);

    public sealed record DemandBody([property: Required] string Amount, [property: Required, Range(1, 600)] int? TermMonths, bool Unsecured, [property: MaxLength(Lengths.Text)] string? Purpose, long? EnterpriseId);

    public sealed record AnswerBody([property: MaxLength(Lengths.Text)] string? Note);

    /// <summary>A 科技积分 declaration: every figure is declared; one left out is refused, not scored as 0.</summary>
    public sealed record TechBody([property: Required, Range(0, 10_000)] int? HighValueIpCount, [property: Required] decimal? RdRatio, [property: Required] decimal? RevenueGrowth,
        [property: Required] decimal? DebtToAssetRatio, [property: Required] bool? StrategicEmergingIndustry, [property: Required] decimal? MainBusinessShare, [property: Required] string Revenue);

    public sealed record PledgeBody([property: Required] long? LoanId, [property: Required, MaxLength(Lengths.Code)] string Kind, [property: Required, MaxLength(Lengths.Code)] string RightNumber, [property: Required] string Value,
        [property: Required, MaxLength(Lengths.Code)] string RegistrationNumber, [property: MaxLength(Lengths.Code)] string? FilingStatus);

    public sealed record ProductView(long Id, Guid BankId, string Code, string Name, string ProductType, string MinAmount, string MaxAmount, int MinTermMonths, int MaxTermMonths,
        string IndustryPrefixes, string RegionPrefixes, bool KeyOnly, bool UnsecuredOk, decimal MinRate, decimal MaxRate, bool Active);

    public sealed record DemandView(long Id, long EnterpriseId, string Amount, int TermMonths, bool Unsecured, string Purpose, bool KeyEnterprise, string State, DateOnly PostedOn)
    {
        public static DemandView Of(LoanDemand d) => new(d.Id, d.EnterpriseId, new Money(d.AmountFen).ToString(), d.TermMonths, d.Unsecured, d.Purpose, d.KeyEnterprise, d.State, d.PostedOn);
    }

    public sealed record PushView(long Id, long DemandId, long EnterpriseId, Guid BankId, long ProductId, decimal Fit, string FitJson, DateOnly PushedOn, DateOnly ClaimBy, DateOnly DecideBy,
        string State, DateOnly? AnsweredOn, DateOnly? DecidedOn, DateOnly? EscalatedOn, string Note, string Amount, int TermMonths, long? LoanId);

    public sealed record TechView(int Score, string Stage, string IndicativeLine, IReadOnlyList<TechPointsItem> Items, string Clause);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/credit").WithTags("Credit").RequireAuthorization(Policies.SignedIn);

        api.MapGet("/products", async (AppDbContext db) =>
            TypedResults.Ok((await db.BankProducts.AsNoTracking().OrderBy(p => p.BankId).ThenBy(p => p.Code).ToListAsync()).Select(ProductOf).ToList()))
            .WithSummary("Every bank's credit products (二(三)(四))");

        api.MapPost("/products", async Task<Results<Ok<ProductView>, ValidationProblem>> (ProductBody b, ManageProducts.Handler h) =>
        {
            if (!Money.TryParse(b.MinAmount, out var min, out var e1) | !Money.TryParse(b.MaxAmount, out var max, out var e2))
            {
                var errors = new Dictionary<string, string[]>();
                if (e1 is not null)
                {
                    errors["minAmount"] = [e1];
                }

                if (e2 is not null)
                {
                    errors["maxAmount"] = [e2];
                }

                return TypedResults.ValidationProblem(errors);
            }

            return TypedResults.Ok(ProductOf(await h.Handle(new ManageProducts.Command(b.Code, b.Name, b.ProductType, min, max, b.MinTermMonths!.Value, b.MaxTermMonths!.Value,
                b.IndustryPrefixes ?? "", b.RegionPrefixes ?? "", b.KeyOnly, b.UnsecuredOk, b.MinRate, b.MaxRate, b.Active))));
        }).RequireAuthorization(Policies.Bank).WithSummary("Create or update one of your products (bank; keyed by code)");

        api.MapPut("/capacity", async (CapacityBody b, ManageProducts.CapacityHandler h) =>
        {
            var c = await h.Handle(b.DailyPushes!.Value);
            return TypedResults.Ok(new { c.BankId, c.DailyPushes });
        }).RequireAuthorization(Policies.Bank).WithSummary("Set your daily push capacity (bank)");

        api.MapGet("/demands", async Task<Results<Ok<List<DemandView>>, ValidationProblem>> (AppDbContext db, string? state) =>
        {
            if (UnknownState(state, LoanDemand.States) is { } refused)
            {
                return refused;
            }

            var q = db.LoanDemands.AsNoTracking();
            if (state is { Length: > 0 })
            {
                q = q.Where(d => d.State == state);
            }

            return TypedResults.Ok(await q.OrderByDescending(d => d.Id).Take(500).Select(d => DemandView.Of(d)).ToListAsync());
        }).WithSummary("Demands you may see (an enterprise its own, a bank those pushed to it, the regulator all)");

        api.MapGet("/demands/{id:long}", async Task<Results<Ok<DemandView>, NotFound>> (long id, AppDbContext db) =>
            await db.LoanDemands.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id) is { } demand ? TypedResults.Ok(DemandView.Of(demand)) : TypedResults.NotFound())
            .WithSummary("One demand you may see (where a posted demand's Location points)");

        api.MapPost("/demands", async Task<Results<Created<DemandView>, ValidationProblem>> (DemandBody b, PostDemand.Handler h) =>
        {
            if (!Money.TryParse(b.Amount, out var amount, out var error))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [error] });
            }

            var d = await h.Handle(new PostDemand.Command(amount, b.TermMonths!.Value, b.Unsecured, b.Purpose ?? "", b.EnterpriseId));
            return TypedResults.Created($"/api/v1/credit/demands/{d.Id}", DemandView.Of(d));
        }).WithSummary("Post a loan demand (enterprise; the regulator may post for an enterprise from the platform feed)");

        api.MapPost("/demands/import", async Task<Results<Ok<ImportDemands.Result>, ValidationProblem>> (HttpRequest request, string fileName, ImportDemands.Handler h) =>
        {
            var name = Path.GetFileName(fileName ?? "");
            if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["fileName"] = ["must end in .csv or .xlsx"] });
            }

            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            buffer.Position = 0;
            try
            {
                return TypedResults.Ok(await h.Handle(buffer, name));
            }
            catch (Rongtong.Application.Infrastructure.TabularFormatException e)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [e.Message] });
            }
        }).Accepts<Stream>("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream")
          .RequireAuthorization(Policies.Regulator).WithSummary("Import the credit-information platform's demand feed (regulator): uscc,amount,term_months,unsecured,purpose");

        api.MapPost("/push/run", async (RunPush.Handler h) => TypedResults.Ok(await h.Handle()))
            .RequireAuthorization(Policies.Regulator).WithSummary("Run the batch push now (regulator); it also runs on a schedule");

        api.MapPost("/push/escalate", async (EscalateOverdue.Handler h) => TypedResults.Ok(await h.Handle()))
            .RequireAuthorization(Policies.Regulator).WithSummary("Escalate overdue pushes and reopen their demands (regulator); also scheduled");

        api.MapGet("/pushes", async Task<Results<Ok<List<PushView>>, ValidationProblem>> (AppDbContext db, string? state) =>
            UnknownState(state, DemandPush.States) is { } refused ? refused : TypedResults.Ok(await Pushes(db, state)))
            .WithSummary("Pushes: a bank's inbox with its clock, an enterprise's pushes with why each bank, all for the regulator");

        api.MapGet("/pushes.xlsx", async Task<Results<FileContentHttpResult, ValidationProblem>> (AppDbContext db, string? state) =>
        {
            if (UnknownState(state, DemandPush.States) is { } refused)
            {
                return refused;
            }

            using var stream = new MemoryStream();
            await stream.SaveAsAsync(await Pushes(db, state), sheetName: "pushes");
            return TypedResults.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pushes.xlsx");
        }).WithSummary("Pushes as Excel");

        foreach (var (path, answer) in new[] { ("claim", RespondToPush.Answer.Claim), ("decline", RespondToPush.Answer.Decline), ("grant", RespondToPush.Answer.Grant), ("refuse", RespondToPush.Answer.Refuse) })
        {
            api.MapPost($"/pushes/{{id:long}}/{path}", async (long id, AnswerBody b, RespondToPush.Handler h) =>
            {
                var p = await h.Handle(new RespondToPush.Command(id, answer, b.Note ?? ""));
                return TypedResults.Ok(new { p.Id, p.State, p.AnsweredOn, p.DecidedOn });
            }).RequireAuthorization(Policies.Bank).WithSummary($"{path} a push (bank)");
        }

        api.MapGet("/funnel", async (CreditFunnel.Handler h) => TypedResults.Ok(await h.Handle()))
            .RequireAuthorization(Policies.Regulator).WithSummary("Funnel posted → pushed → claimed → granted → disbursed and the overdue queue (regulator)");

        api.MapPost("/tech-points", async Task<Results<Ok<TechView>, ValidationProblem>> (TechBody b, DeclareTechPoints.Handler h) =>
        {
            if (!Money.TryParse(b.Revenue, out var revenue, out var error))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["revenue"] = [error] });
            }

            var s = await h.Handle(new TechDeclaration(b.HighValueIpCount!.Value, b.RdRatio!.Value, b.RevenueGrowth!.Value, b.DebtToAssetRatio!.Value, b.StrategicEmergingIndustry!.Value, b.MainBusinessShare!.Value, revenue));
            return TypedResults.Ok(new TechView(s.Total, s.Stage, s.IndicativeLine.ToString(), s.Items, s.Clause.ToString()));
        }).RequireAuthorization(Policies.Enterprise).WithSummary("Declare your data and get your 科技积分 score and indicative credit line (enterprise)");

        api.MapGet("/tech-points", async (AppDbContext db) =>
            TypedResults.Ok(await db.TechDeclarations.AsNoTracking().OrderByDescending(t => t.Id).Take(50)
                .Select(t => new { t.Id, t.EnterpriseId, t.DeclaredOn, t.Score, t.Stage, IndicativeLine = new Money(t.IndicativeLineFen).ToString(), t.BreakdownJson }).ToListAsync()))
            .WithSummary("Tech-points declarations you may see");

        api.MapPost("/ip-pledges", async Task<Results<Ok<IpPledge>, ValidationProblem>> (PledgeBody b, RegisterIpPledge.Handler h) =>
            Money.TryParse(b.Value, out var value, out var error)
                ? TypedResults.Ok(await h.Handle(new RegisterIpPledge.Command(b.LoanId!.Value, b.Kind, b.RightNumber, value, b.RegistrationNumber, b.FilingStatus ?? "filed")))
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["value"] = [error] }))
            .RequireAuthorization(Policies.Bank).WithSummary("Record an IP pledge behind one of your loans (bank)");

        api.MapGet("/ip-pledges", async (AppDbContext db) => TypedResults.Ok(await db.IpPledges.AsNoTracking().OrderByDescending(p => p.Id).Take(500).ToListAsync()))
            .WithSummary("IP pledges you may see");
    }

    private static Task<List<PushView>> Pushes(AppDbContext db, string? state)
    {
        var q = db.DemandPushes.AsNoTracking();
        if (state is { Length: > 0 })
        {
            q = q.Where(p => p.State == state);
        }

        return q.OrderByDescending(p => p.Id).Take(1000)
            .Select(p => new PushView(p.Id, p.DemandId, p.EnterpriseId, p.BankId, p.ProductId, p.Fit, p.FitJson, p.PushedOn, p.ClaimBy, p.DecideBy, p.State, p.AnsweredOn, p.DecidedOn,
                p.EscalatedOn, p.Note, new Money(p.Demand!.AmountFen).ToString(), p.Demand.TermMonths, p.LoanId)).ToListAsync();
    }

    /// <summary>A <c>state</c> filter that names no state is refused (it used to answer an empty list, as if none were in it).</summary>
    private static ValidationProblem? UnknownState(string? state, string[] states) =>
        string.IsNullOrEmpty(state) || states.Contains(state, StringComparer.Ordinal)
            ? null
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"unknown state '{state}'; one of {string.Join(", ", states)}"] });

    private static ProductView ProductOf(BankProduct p) =>
        new(p.Id, p.BankId, p.Code, p.Name, p.ProductType, new Money(p.MinAmountFen).ToString(), new Money(p.MaxAmountFen).ToString(), p.MinTermMonths, p.MaxTermMonths,
            p.IndustryPrefixes, p.RegionPrefixes, p.KeyOnly, p.UnsecuredOk, p.MinRate, p.MaxRate, p.Active);
}
