using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Guarantees;
using Rongtong.Domain.Money;
using Rongtong.Domain.Text;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>Government guarantees (三): applications, maker–checker decisions, the lifecycle through 代偿 and 追偿, 见贷即保, statements, evaluation.</summary>
public static class GuaranteesApi
{
    public sealed record ApplyBody(
        [property: Required] long? EnterpriseId, [property: Required] Guid? BankId, [property: Required] Guid? GuarantorId,
        [property: Required] string Amount, [property: Required] decimal? FeeRate, [property: Required] DateOnly? StartDate, [property: Required] DateOnly? EndDate,
        bool Unsecured = true, bool SmallMicroBorrower = false, [property: MaxLength(Lengths.Name)] string? RelatedGroup = null, string[]? Programmes = null, int RateDiscountBp = 0,
        [property: MaxLength(Lengths.Text)] string? ExceedJustification = null);

    public sealed record NoteBody([property: MaxLength(Lengths.Text)] string? Note, [property: MaxLength(Lengths.Text)] string? ExceedJustification = null);

    public sealed record DecisionBody([property: Required] bool? Approve, [property: MaxLength(Lengths.Text)] string? Note);

    public sealed record AmountBody([property: Required] string Amount, bool Final = false);

    public sealed record ReasonBody([property: Required, MinLength(4), MaxLength(Lengths.Text)] string Reason);

    public sealed record LoanBody(
        [property: Required, MinLength(1), MaxLength(Lengths.Code)] string Reference, [property: Required] long? EnterpriseId, [property: Required] string Principal,
        [property: Required] decimal? AnnualRate, [property: Required, Range(1, 600)] int? TermMonths, [property: Required] DateOnly? DisbursedOn,
        bool Unsecured = true, [property: MaxLength(Lengths.Code)] string? Product = null, int RateDiscountBp = 0, long? GuaranteeId = null, long? RenewsLoanId = null, bool SmallMicroBorrower = false, long? PushId = null);

    public sealed record BatchBody(
        [property: Required] Guid? BankId, [property: Required] string TotalLimit, string? PerLoanCeiling, string? ContributionThreshold,
        [property: Required] decimal? FeeRate, [property: Required] DateOnly? ValidFrom, [property: Required] DateOnly? ValidTo, decimal? CompensationRateCap);

    public sealed record GuaranteeView(long Id, string Number, string Status, string Amount, string Outstanding, decimal FeeRate, IReadOnlyList<JsonElement> Checks, string DecisionNote);

    public sealed record LoanView(long Id, string Reference, long EnterpriseId, string Principal, string Outstanding, bool FirstLoan, string State, long? GuaranteeId, string? GuaranteeNumber, string? BatchOutcome);

    public sealed record BatchView(long Id, Guid BankId, Guid GuarantorId, string TotalLimit, string PerLoanCeiling, string ContributionThreshold, decimal FeeRate, DateOnly ValidFrom, DateOnly ValidTo, decimal? CompensationRateCap, string Used);

    public sealed record SharesView(string Guarantor, string NationalFund, string ProvincialReguarantee, string Bank, bool CapApplied, GuaranteeView Guarantee);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/guarantees").WithTags("Guarantees").RequireAuthorization(Policies.SignedIn);

        api.MapGet("/", async Task<Results<Ok<IReadOnlyList<ListGuarantees.Item>>, ValidationProblem>> (ListGuarantees.Handler h, string? status) =>
            !string.IsNullOrEmpty(status) && !Enum.TryParse<GuaranteeStatus>(status, true, out _) || int.TryParse(status, out _)
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"unknown status '{status}'; one of {string.Join(", ", Enum.GetNames<GuaranteeStatus>())}"] })
                : TypedResults.Ok(await h.Handle(status)))
            .WithSummary("Guarantees you may see");

        api.MapGet("/{id:long}", async Task<Results<Ok<ListGuarantees.Detail>, NotFound>> (long id, ListGuarantees.Handler h) =>
            await h.Get(id) is { } d ? TypedResults.Ok(d) : TypedResults.NotFound())
            .WithSummary("One guarantee with its checks and your legs of its ledger entries");

        api.MapPost("/", async Task<Results<Created<GuaranteeView>, ValidationProblem>> (ApplyBody b, ApplyForGuarantee.Handler h) =>
        {
            if (!Money.TryParse(b.Amount, out var amount, out var error))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [error] });
            }

            var (g, _) = await h.Handle(new ApplyForGuarantee.Command(b.EnterpriseId!.Value, b.BankId!.Value, b.GuarantorId!.Value, amount, b.FeeRate!.Value,
                b.StartDate!.Value, b.EndDate!.Value, b.Unsecured, b.SmallMicroBorrower, b.RelatedGroup ?? "", b.Programmes, b.RateDiscountBp, b.ExceedJustification ?? ""));
            return TypedResults.Created($"/api/v1/guarantees/{g.Id}", View(g));
        }).WithSummary("Apply for a guarantee (a bank for its borrower, or an enterprise for itself)");

        api.MapPost("/{id:long}/review", async (long id, NoteBody b, ReviewGuarantee.Handler h) =>
            TypedResults.Ok(View(await h.Handle(new ReviewGuarantee.Command(id, b.Note ?? "", b.ExceedJustification)))))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Review an application (guarantor maker)");

        api.MapPost("/{id:long}/justification/approve", async (long id, ReviewGuarantee.ApproveJustificationHandler h) => TypedResults.Ok(View(await h.Handle(id))))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Approve the R&D justification for exceeding the quota (a checker other than its author)");

        api.MapPost("/{id:long}/decision", async (long id, DecisionBody b, DecideGuarantee.Handler h) =>
            TypedResults.Ok(View(await h.Handle(new DecideGuarantee.Command(id, b.Approve!.Value, b.Note ?? "")))))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Approve or reject (guarantor checker, not the reviewer); approval reserves the quota");

        api.MapPost("/{id:long}/undo-approval", async (long id, NoteBody b, DecideGuarantee.UndoHandler h) => TypedResults.Ok(View(await h.Handle(id, b.Note ?? ""))))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Undo an approval until the loan is recorded");

        api.MapPost("/{id:long}/fee-exception", async (long id, ReasonBody b, AllowFeeAboveCap.Handler h) =>
            TypedResults.Ok(View(await h.Handle(new AllowFeeAboveCap.Command(id, b.Reason)))))
            .RequireAuthorization(Policies.Regulator).WithSummary("Allow a fee rate above the 1 % cap (regulator)");

        api.MapPost("/{id:long}/letter", async (long id, IssueGuaranteeLetter.Handler h) => TypedResults.Ok(View(await h.Handle(id))))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Issue the guarantee letter (担保函)");

        api.MapGet("/{id:long}/letter.pdf", async (long id, GuaranteeLetter.Handler h) =>
        {
            var (name, pdf) = await h.Handle(id);
            return TypedResults.File(pdf, "application/pdf", name);
        }).WithSummary("The guarantee letter as PDF");

        api.MapPost("/{id:long}/repayments", async Task<Results<Ok<GuaranteeView>, ValidationProblem>> (long id, AmountBody b, RecordRepayment.Handler h) =>
            Money.TryParse(b.Amount, out var m, out var e)
                ? TypedResults.Ok(View(await h.Handle(new RecordRepayment.Command(id, m))))
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [e] }))
            .RequireAuthorization(Policies.Bank).WithSummary("Record a repayment of principal (bank)");

        api.MapPost("/{id:long}/default", async (long id, RecordDefault.Handler h) => TypedResults.Ok(View(await h.Handle(id))))
            .RequireAuthorization(Policies.Bank).WithSummary("Report the borrower's default (bank)");

        api.MapPost("/{id:long}/compensation", async (long id, CompensateGuarantee.Handler h) =>
        {
            var o = await h.Handle(id);
            return TypedResults.Ok(new SharesView(o.Shares.Guarantor.ToString(), o.Shares.NationalFund.ToString(), o.Shares.ProvincialReguarantee.ToString(), o.Shares.Bank.ToString(), o.CapApplied, View(o.Guarantee)));
        }).RequireAuthorization(Policies.Guarantor).WithSummary("代偿: compensate the bank, exact 4222 shares (guarantor checker)");

        api.MapPost("/{id:long}/reguarantee/confirm", async (long id, ConfirmReguarantee.Handler h) =>
        {
            var entry = await h.Handle(id);
            return TypedResults.Ok(new { entry.Id, entry.EventType, entry.BusinessDate });
        }).RequireAuthorization(Policies.Reguarantor).WithSummary("Confirm and pay your re-guarantee share (national fund / provincial re-guarantor)");

        api.MapPost("/{id:long}/recoveries", async Task<Results<Ok<SharesView>, ValidationProblem>> (long id, AmountBody b, RecordRecovery.Handler h) =>
        {
            if (!Money.TryParse(b.Amount, out var m, out var e))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [e] });
            }

            var (g, s) = await h.Handle(new RecordRecovery.Command(id, m, b.Final));
            return TypedResults.Ok(new SharesView(s.Guarantor.ToString(), s.NationalFund.ToString(), s.ProvincialReguarantee.ToString(), s.Bank.ToString(), false, View(g)));
        }).RequireAuthorization(Policies.Guarantor).WithSummary("追偿: record a recovery; shared back 4:2:2:2");

        api.MapPost("/{id:long}/close", async (long id, RecordRecovery.CloseHandler h) => TypedResults.Ok(View(await h.Handle(id))))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Close a compensated guarantee");

        api.MapPost("/{id:long}/fees", async Task<Results<Ok<GuaranteeView>, ValidationProblem>> (long id, AmountBody b, CollectFee.Handler h) =>
            Money.TryParse(b.Amount, out var m, out var e)
                ? TypedResults.Ok(View(await h.Handle(new CollectFee.Command(id, m))))
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [e] }))
            .RequireAuthorization(Policies.Guarantor).WithSummary("Record a fee collected (guarantor)");

        var loans = app.MapGroup("/api/v1/loans").WithTags("Loans").RequireAuthorization(Policies.SignedIn);
        // Loans with the guarantee that covers each, as far as the viewer may see that guarantee (the filters of both
        // apply): the guarantees in a second query, by the loans' ids.
        static async Task<List<LoanView>> LoanViewsAsync(AppDbContext db, IQueryable<Loan> loans)
        {
            var rows = await loans.ToListAsync();
            var ids = rows.Select(l => (long?)l.Id).ToList();
            var found = await db.Guarantees.AsNoTracking().Where(g => ids.Contains(g.LoanId)).OrderBy(g => g.Id).Select(g => new { LoanId = g.LoanId!.Value, g.Id, g.Number })
                .ToListAsync();
            var covering = found.DistinctBy(g => g.LoanId).ToDictionary(g => g.LoanId);
            return [.. rows.Select(l => new LoanView(l.Id, l.Reference, l.EnterpriseId, new Money(l.PrincipalFen).ToString(), new Money(l.OutstandingFen).ToString(), l.FirstLoan, l.State,
                covering.GetValueOrDefault(l.Id)?.Id, covering.GetValueOrDefault(l.Id)?.Number, null))];
        }

        loans.MapGet("/", async (AppDbContext db) => TypedResults.Ok(await LoanViewsAsync(db, db.Loans.AsNoTracking().OrderByDescending(l => l.Id).Take(500))))
            .WithSummary("Loans you may see");

        loans.MapGet("/{id:long}", async Task<Results<Ok<LoanView>, NotFound>> (long id, AppDbContext db) =>
            (await LoanViewsAsync(db, db.Loans.AsNoTracking().Where(l => l.Id == id))).SingleOrDefault() is { } loan ? TypedResults.Ok(loan) : TypedResults.NotFound())
            .WithSummary("One loan you may see (where a recorded loan's Location points)");

        loans.MapPost("/", async Task<Results<Created<LoanView>, ValidationProblem>> (LoanBody b, RecordDisbursement.Handler h) =>
        {
            if (!Money.TryParse(b.Principal, out var principal, out var error))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["principal"] = [error] });
            }

            var r = await h.Handle(new RecordDisbursement.Command(b.Reference, b.EnterpriseId!.Value, principal, b.AnnualRate!.Value, b.TermMonths!.Value, b.DisbursedOn!.Value,
                b.Unsecured, b.Product ?? "", b.RateDiscountBp, b.GuaranteeId, b.RenewsLoanId, b.SmallMicroBorrower, b.PushId));
            var l = r.Loan;
            return TypedResults.Created($"/api/v1/loans/{l.Id}", new LoanView(l.Id, l.Reference, l.EnterpriseId, new Money(l.PrincipalFen).ToString(), new Money(l.OutstandingFen).ToString(),
                l.FirstLoan, l.State, r.Guarantee?.Id, r.Guarantee?.Number, r.BatchOutcome));
        }).RequireAuthorization(Policies.Bank).WithSummary("Record a disbursed loan (bank); brings its guarantee into force, or guarantees it under 见贷即保; with pushId, disburses a granted push");

        var batches = app.MapGroup("/api/v1/batch-agreements").WithTags("Guarantees").RequireAuthorization(Policies.SignedIn);
        batches.MapGet("/", async (AppDbContext db) =>
            TypedResults.Ok((await db.BatchAgreements.AsNoTracking().OrderByDescending(a => a.Id).ToListAsync()).Select(BatchOf).ToList()))
            .WithSummary("见贷即保 agreements you are party to");

        batches.MapPost("/", async Task<Results<Created<BatchView>, ValidationProblem>> (BatchBody b, CreateBatchAgreement.Handler h) =>
        {
            var errors = new Dictionary<string, string[]>();
            Money? Parse(string? text, string field)
            {
                if (text is null)
                {
                    return null;
                }

                if (Money.TryParse(text, out var m, out var e))
                {
                    return m;
                }

                errors[field] = [e];
                return null;
            }

            var total = Parse(b.TotalLimit, "totalLimit");
            var ceiling = Parse(b.PerLoanCeiling, "perLoanCeiling");
            var threshold = Parse(b.ContributionThreshold, "contributionThreshold");
            if (errors.Count > 0 || total is null)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var a = await h.Handle(new CreateBatchAgreement.Command(b.BankId!.Value, total.Value, ceiling, threshold, b.FeeRate!.Value, b.ValidFrom!.Value, b.ValidTo!.Value, b.CompensationRateCap));
            return TypedResults.Created($"/api/v1/batch-agreements/{a.Id}", BatchOf(a));
        }).RequireAuthorization(Policies.Guarantor).WithSummary("Sign a 见贷即保 agreement with a bank (guarantor checker)");

        var ledger = app.MapGroup("/api/v1/ledger").WithTags("Ledger").RequireAuthorization(Policies.SignedIn);
        ledger.MapGet("/statement", async (PartyStatement.Handler h, Guid? party, DateOnly? from, DateOnly? to) => TypedResults.Ok(await h.Handle(party, from, to)))
            .WithSummary("Your statement of the scheme ledger (the regulator may name a party)");
        ledger.MapGet("/statement.xlsx", async (PartyStatement.Handler h, Guid? party, DateOnly? from, DateOnly? to) =>
            TypedResults.File(PartyStatement.ToExcel(await h.Handle(party, from, to)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "statement.xlsx"))
            .WithSummary("Your statement as Excel");

        var evaluation = app.MapGroup("/api/v1/guarantors").WithTags("Guarantees").RequireAuthorization(Policies.SignedIn);
        evaluation.MapGet("/evaluation", async (EvaluateGuarantors.Handler h, DateOnly from, DateOnly to) =>
            TypedResults.Ok(await h.Handle(new EvaluateGuarantors.Query(from, to))))
            .WithSummary("Guarantor evaluation for a period and the city's progress toward 1000亿 (三(一))");
        evaluation.MapGet("/evaluation.xlsx", async (EvaluateGuarantors.Handler h, DateOnly from, DateOnly to) =>
            TypedResults.File(EvaluateGuarantors.ToExcel(await h.Handle(new EvaluateGuarantors.Query(from, to))), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "evaluation.xlsx"))
            .WithSummary("The evaluation as Excel");
    }

    private static GuaranteeView View(Guarantee g) =>
        new(g.Id, g.Number, g.Status.ToString(), new Money(g.AmountFen).ToString(), new Money(g.OutstandingFen).ToString(), g.FeeRate,
            JsonSerializer.Deserialize<List<JsonElement>>(g.ChecksJson) ?? [], g.DecisionNote);

    private static BatchView BatchOf(BatchAgreement a) =>
        new(a.Id, a.BankId, a.GuarantorId, new Money(a.TotalLimitFen).ToString(), new Money(a.PerLoanCeilingFen).ToString(), new Money(a.ContributionThresholdFen).ToString(),
            a.FeeRate, a.ValidFrom, a.ValidTo, a.CompensationRateCap, new Money(a.UsedFen).ToString());
}
