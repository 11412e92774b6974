using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Money;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Registry;

/// <summary>
/// Runs the key-enterprise rule (一, 三(二)) over the stored registry for one as-of date and stores each
/// determination with the facts it read, replacing an earlier run for that date. Runs after every
/// import and on demand.
/// </summary>
public static class DetermineEnterprises
{
    public sealed record Command(DateOnly AsOf, IReadOnlyCollection<long>? EnterpriseIds = null);

    public sealed record Result(DateOnly AsOf, int Evaluated, int Key, string? PolicyVersion);

    /// <summary>The facts a determination read; stored as JSON so the explanation can be rebuilt exactly.</summary>
    public sealed record Inputs(
        string Uscc, string IndustryCode, string KeyIndustry, string RegisteredRegion, string TaxRegion, string OperatingRegion,
        bool OutsourcedProduction, bool OutputCountedInHangzhou, string TaxCreditRating, bool HighTech, bool TechSme,
        IReadOnlyList<TaxYear> Taxes);

    public sealed record TaxYear(int Year, long? Fen);

    private const int ChunkSize = 10000;

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public async Task<Result> Handle(Command command, IProgress<double>? progress = null, CancellationToken ct = default)
        {
            var p = KeyEnterpriseParameters.Compile(catalog, command.AsOf);
            var years = p?.TaxYears ?? 3;
            var firstYear = command.AsOf.Year - years;
            var total = command.EnterpriseIds?.Count ?? await db.Enterprises.IgnoreQueryFilters().CountAsync(ct);
            int done, key;
            var now = clock.GetUtcNow();
            var subset = command.EnterpriseIds is not null;

            // One connection for the run (on SQLite with the bulk page cache). Chunks go through the registry in
            // id order; a full run reads each chunk's taxes and replaces its determinations by id range (index
            // range scans), and skips the deletes when nothing is stored for the date yet.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                if (!db.IsPostgres)
                {
                    await db.Database.ExecuteSqlRawAsync(SqlitePragmas.BulkCacheSql, ct);
                }

                var stored = await db.Determinations.IgnoreQueryFilters().AnyAsync(x => x.AsOf == command.AsOf, ct);
                (done, key) = await Run(command, p, years, firstYear, total, subset, stored, now, progress, ct);
            }
            finally
            {
                if (!db.IsPostgres)
                {
                    await db.Database.ExecuteSqlRawAsync(SqlitePragmas.Sql, CancellationToken.None);
                }

                await db.Database.CloseConnectionAsync();
            }

            if (db.IsPostgres && !subset)
            {
                // A full run rewrote every row of the date: fresh statistics and visibility map, so the
                // search's counts are index-only scans.
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) \"Determinations\"", ct);
            }

            return new Result(command.AsOf, done, key, p?.Version.Id);
        }

        private async Task<(int Done, int Key)> Run(Command command, KeyEnterpriseParameters? p, int years, int firstYear, int total, bool subset, bool stored,
            DateTimeOffset now, IProgress<double>? progress, CancellationToken ct)
        {
            var done = 0;
            var key = 0;
            long lastId = 0;
            while (true)
            {
                var query = db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => e.Id > lastId);
                if (command.EnterpriseIds is { } ids)
                {
                    query = query.Where(e => EF.Parameter(ids).Contains(e.Id));
                }

                var chunk = await query.OrderBy(e => e.Id).Take(ChunkSize).ToListAsync(ct);
                if (chunk.Count == 0)
                {
                    break;
                }

                var firstId = chunk[0].Id;
                lastId = chunk[^1].Id;
                var chunkIds = chunk.Select(e => e.Id).ToList();
                var taxQuery = db.TaxRecords.IgnoreQueryFilters().AsNoTracking().Where(t => t.Year >= firstYear && t.Year < firstYear + years);
                taxQuery = subset
                    ? taxQuery.Where(t => EF.Parameter(chunkIds).Contains(t.EnterpriseId))
                    : taxQuery.Where(t => t.EnterpriseId >= firstId && t.EnterpriseId <= lastId);
                var taxes = (await taxQuery.Select(t => new { t.EnterpriseId, t.Year, t.TaxPaidFen }).ToListAsync(ct))
                    .ToLookup(t => t.EnterpriseId);
                var rows = new List<object?[]>(chunk.Count);
                foreach (var e in chunk)
                {
                    var window = Enumerable.Range(firstYear, years)
                        .Select(y => new TaxYear(y, taxes[e.Id].FirstOrDefault(t => t.Year == y)?.TaxPaidFen)).ToList();
                    var inputs = InputsOf(e, window);
                    var d = Evaluate(inputs, catalog, p);
                    if (d.IsKey)
                    {
                        key++;
                    }

                    rows.Add([e.Id, command.AsOf, p?.Version.Id ?? "", d.IsKey, SectorBases.Code(d.Basis), d.QuotaExceedable, d.Quota?.Fen,
                        ReasonCodes.Format(d.Reasons), JsonSerializer.Serialize(inputs), now, 0]);
                }

                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    if (subset)
                    {
                        await db.Determinations.IgnoreQueryFilters().Where(x => x.AsOf == command.AsOf && EF.Parameter(chunkIds).Contains(x.EnterpriseId)).ExecuteDeleteAsync(ct);
                    }
                    else if (stored)
                    {
                        // Every enterprise with an id in [firstId, lastId] is in this chunk.
                        await db.Determinations.IgnoreQueryFilters()
                            .Where(x => x.AsOf == command.AsOf && x.EnterpriseId >= firstId && x.EnterpriseId <= lastId).ExecuteDeleteAsync(ct);
                    }

                    await Bulk.InsertAsync(db, "Determinations",
                        ["EnterpriseId", "AsOf", "PolicyVersion", "IsKey", "SectorBasis", "QuotaExceedable", "QuotaFen", "Reasons", "InputsJson", "ComputedAt", "Version"],
                        rows, ct);
                    await tx.CommitAsync(ct);
                }

                done += chunk.Count;
                progress?.Report(total == 0 ? 1 : (double)done / total);
            }

            return (done, key);
        }
    }

    public static Inputs InputsOf(Enterprise e, IReadOnlyList<TaxYear> window) =>
        new(e.Uscc, e.IndustryCode, e.KeyIndustry, e.RegisteredRegion, e.TaxRegion, e.OperatingRegion, e.OutsourcedProduction,
            e.OutputCountedInHangzhou, e.TaxCreditRating, e.HighTech, e.TechSme, window);

    /// <summary>The facts as the rule reads them; stored rows were validated at import.</summary>
    public static EnterpriseFacts Facts(Inputs i, PolicyCatalog catalog) =>
        new(i.KeyIndustry.Length == 0 ? 0 : Math.Max(0, catalog.Tables.TagIndex(i.KeyIndustry)), Math.Max(0, IndustryCode.Parse(i.IndustryCode)),
            RegionCode.Parse(i.RegisteredRegion), RegionCode.Parse(i.TaxRegion), RegionCode.Parse(i.OperatingRegion),
            i.OutsourcedProduction, i.OutputCountedInHangzhou, EnterpriseFields.ParseRating(i.TaxCreditRating) ?? TaxRating.None, i.HighTech, i.TechSme);

    public static Determination Evaluate(Inputs inputs, PolicyCatalog catalog, KeyEnterpriseParameters? p) =>
        KeyEnterpriseRule.Evaluate(Facts(inputs, catalog), p is null ? [] : inputs.Taxes.Select(t => t.Fen is { } f ? new Money(f) : (Money?)null).ToList(), p);

    /// <summary>The full explanation tree of a stored determination, rebuilt from its inputs.</summary>
    public static ExplanationNode Explain(DeterminationRecord record, PolicyCatalog catalog)
    {
        var inputs = JsonSerializer.Deserialize<Inputs>(record.InputsJson) ?? throw new InvalidOperationException("determination without inputs");
        return KeyEnterpriseExplanation.Explain(inputs.Uscc, Facts(inputs, catalog),
            [.. inputs.Taxes.Select(t => (t.Year, t.Fen is { } f ? new Money(f) : (Money?)null))], catalog, record.AsOf);
    }

    public static string Describe(Result r) => $"{r.AsOf.ToText()}: {r.Evaluated} evaluated, {r.Key} key ({r.PolicyVersion ?? "POLICY_NOT_IN_FORCE"})";
}
