using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Registry;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Registry;
using Rongtong.Web.Hosting;

namespace Rongtong.Web.Api;

/// <summary>The enterprise registry: search, one enterprise with its explanation, feed imports, determinations, statistics.</summary>
public static class RegistryApi
{
    public sealed record EnterpriseView(
        long Id, string Uscc, string Name, string IndustryCode, string KeyIndustry, string RegisteredRegion, string TaxRegion, string OperatingRegion,
        bool OutsourcedProduction, bool OutputCountedInHangzhou, string TaxCreditRating, bool HighTech, bool TechSme,
        IReadOnlyList<GetEnterprise.TaxRow> Taxes, GetEnterprise.DeterminationView? Determination, IReadOnlyList<GetEnterprise.Change> History,
        IReadOnlyList<GetEnterprise.GuaranteeRow> Guarantees, IReadOnlyList<GetEnterprise.LoanRow> Loans);

    public sealed record ImportView(Guid Id, string Kind, string FileName, string Status, int Percent, int TotalRows, int Inserted, int Updated, int Unchanged, int Failed, string Message, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

    public sealed record ErrorView(int Line, string Column, string Message);

    public sealed record RunView(DateOnly AsOf, int Evaluated, int Key, string? PolicyVersion);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Registry").RequireAuthorization(Policies.SignedIn);

        api.MapGet("/enterprises", async (SearchEnterprises.Handler handler, AppDbContext db, string? q, string? district, string? industry, bool? key, DateOnly? asOf, int? page, int? pageSize) =>
            TypedResults.Ok(await handler.Handle(new SearchEnterprises.Query(q, district, industry, key, asOf ?? db.Viewer.BusinessDate, page ?? 1, pageSize ?? 20))))
            .WithSummary("Search the enterprises you may see (name or USCC, district, industry prefix, key status)");

        api.MapGet("/enterprises/{id:long}", async Task<Results<Ok<EnterpriseView>, NotFound>> (long id, DateOnly? asOf, GetEnterprise.Handler handler, AppDbContext db) =>
        {
            var view = await handler.Handle(new GetEnterprise.Query(id, asOf ?? db.Viewer.BusinessDate));
            if (view is null)
            {
                return TypedResults.NotFound();
            }

            var e = view.Enterprise;
            return TypedResults.Ok(new EnterpriseView(e.Id, e.Uscc, e.Name, e.IndustryCode, e.KeyIndustry, e.RegisteredRegion, e.TaxRegion, e.OperatingRegion,
                e.OutsourcedProduction, e.OutputCountedInHangzhou, e.TaxCreditRating, e.HighTech, e.TechSme, view.Taxes, view.Determination, view.History, view.Guarantees, view.Loans));
        }).WithSummary("One enterprise: registry, taxes, determination with its explanation tree, history");

        var imports = app.MapGroup("/api/v1/registry/imports").WithTags("Registry").RequireAuthorization(Policies.Regulator);

        imports.MapPost("/", async Task<Results<Accepted<ImportView>, ValidationProblem>> (HttpRequest request, string kind, string fileName, ImportJobs jobs, AppDbContext db, TimeProvider clock) =>
        {
            var errors = new Dictionary<string, string[]>();
            ImportRegistry.Feed feed = default;
            if (kind is not ("enterprises" or "taxes"))
            {
                errors["kind"] = ["must be 'enterprises' or 'taxes'"];
            }
            else
            {
                feed = kind == "enterprises" ? ImportRegistry.Feed.Enterprises : ImportRegistry.Feed.Taxes;
            }

            var name = Path.GetFileName(fileName ?? "");
            if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                errors["fileName"] = ["must end in .csv or .xlsx"];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            // Keep the upload on disk first: an acknowledged import survives a crash of the worker.
            var path = Path.Combine(Path.GetTempPath(), $"rongtong-import-{Guid.NewGuid():N}{Path.GetExtension(name)}");
            await using (var file = File.Create(path))
            {
                await request.Body.CopyToAsync(file);
            }

            try
            {
                await using var check = File.OpenRead(path);
                _ = TabularFile.Open(check, name, feed == ImportRegistry.Feed.Enterprises ? EnterpriseFields.Columns : ImportRegistry.TaxColumns);
            }
            catch (TabularFormatException e)
            {
                File.Delete(path);
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [e.Message] });
            }

            var batch = new ImportBatch { Id = Guid.CreateVersion7(), Kind = kind, FileName = name, UserId = db.Viewer.UserId, StartedAt = clock.GetUtcNow(), Status = "queued" };
            db.Imports.Add(batch);
            await db.SaveChangesAsync();
            await jobs.EnqueueAsync(new ImportJob(batch.Id, feed, name, path, db.Viewer));
            return TypedResults.Accepted($"/api/v1/registry/imports/{batch.Id}", ToView(batch));
        }).Accepts<Stream>("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream")
          .WithSummary("Upload a feed (the file as the request body); ?kind=enterprises|taxes&fileName=x.csv|x.xlsx");

        imports.MapGet("/", async (AppDbContext db) =>
            TypedResults.Ok((await db.Imports.AsNoTracking().OrderByDescending(b => b.Id).Take(50).ToListAsync()).Select(ToView).ToList()))
            .WithSummary("Recent imports");

        imports.MapGet("/{id:guid}", async Task<Results<Ok<ImportView>, NotFound>> (Guid id, AppDbContext db) =>
            await db.Imports.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id) is { } b ? TypedResults.Ok(ToView(b)) : TypedResults.NotFound())
            .WithSummary("One import's progress and counts");

        imports.MapGet("/{id:guid}/errors", async Task<Results<Ok<List<ErrorView>>, NotFound>> (Guid id, AppDbContext db) =>
            await db.Imports.AnyAsync(b => b.Id == id)
                ? TypedResults.Ok(await db.ImportErrors.AsNoTracking().Where(e => e.ImportId == id).OrderBy(e => e.Line).ThenBy(e => e.Id).Take(10_000)
                    .Select(e => new ErrorView(e.Line, e.Column, e.Message)).ToListAsync())
                : TypedResults.NotFound())
            .WithSummary("The rejected rows of an import: line, column, why");

        imports.MapGet("/{id:guid}/errors.csv", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, AppDbContext db) =>
        {
            if (!await db.Imports.AnyAsync(b => b.Id == id))
            {
                return TypedResults.NotFound();
            }

            var sb = new StringBuilder("line,column,message\n");
            await foreach (var e in db.ImportErrors.AsNoTracking().Where(e => e.ImportId == id).OrderBy(e => e.Line).ThenBy(e => e.Id).AsAsyncEnumerable())
            {
                sb.Append(e.Line).Append(',').Append(Csv(e.Column)).Append(',').Append(Csv(e.Message)).Append('\n');
            }

            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray(), "text/csv; charset=utf-8", $"import-{id:N}-errors.csv");
        }).WithSummary("The error report as CSV");

        imports.MapGet("/{id:guid}/errors.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, AppDbContext db) =>
        {
            if (!await db.Imports.AnyAsync(b => b.Id == id))
            {
                return TypedResults.NotFound();
            }

            var rows = await db.ImportErrors.AsNoTracking().Where(e => e.ImportId == id).OrderBy(e => e.Line).ThenBy(e => e.Id)
                .Select(e => new { 行号_line = e.Line, 列_column = e.Column, 原因_message = e.Message }).ToListAsync();
            using var stream = new MemoryStream();
            await stream.SaveAsAsync(rows, sheetName: "errors");
            return TypedResults.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"import-{id:N}-errors.xlsx");
        }).WithSummary("The error report as Excel");

        app.MapPost("/api/v1/determinations/run", async (DateOnly? asOf, DetermineEnterprises.Handler handler, AppDbContext db) =>
        {
            var r = await handler.Handle(new DetermineEnterprises.Command(asOf ?? db.Viewer.BusinessDate));
            return TypedResults.Ok(new RunView(r.AsOf, r.Evaluated, r.Key, r.PolicyVersion));
        }).WithTags("Registry").RequireAuthorization(Policies.Regulator).WithSummary("Re-run the determination of every enterprise for a date (regulator)");

        api.MapGet("/dashboard/key-enterprises", async (AppDbContext db, DateOnly? asOf, Rongtong.Domain.Policy.PolicyCatalog catalog) =>
            TypedResults.Ok(await new KeyEnterpriseStats.Handler(db, catalog).Handle(new KeyEnterpriseStats.Query(asOf ?? db.Viewer.BusinessDate))))
            .WithSummary("Key enterprises by district and by sector basis, for the enterprises you may see");
    }

    public static ImportView ToView(ImportBatch b) =>
        new(b.Id, b.Kind, b.FileName, b.Status, b.Percent, b.TotalRows, b.Inserted, b.Updated, b.Unchanged, b.Failed, b.Message, b.StartedAt, b.FinishedAt);

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
