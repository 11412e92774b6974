using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Features.Platform;
using Rongtong.Application.Features.Registry;
using Rongtong.Domain.Calendar;

namespace Rongtong.Cli;

/// <summary>
/// <c>rongtong registry import --kind enterprises|taxes --file F [--as-of D]</c>: the same import as the
/// web upload (upsert by USCC, change history, per-row errors), then the determinations of the business
/// date are re-run. Exit 0 when the run completed, even with rejected rows; 2 when the file as a whole
/// is unusable.
/// </summary>
internal static class RegistryImportCommand
{
    public sealed record Summary(
        Guid ImportId, string Kind, string File, string Status, int TotalRows, int Inserted, int Updated, int Unchanged, int Rejected,
        DeterminationSummary? Determinations);

    public sealed record DeterminationSummary(string AsOf, int Evaluated, int Key, string? PolicyVersion);

    public static Command Build(TimeProvider clock)
    {
        var database = new DatabaseOptions();
        var kind = new Option<string>("--kind") { Description = "enterprises (market-regulation feed) or taxes (tax feed)", Required = true };
        kind.AcceptOnlyFromAmong("enterprises", "taxes");
        var file = new Option<string>("--file") { Description = "UTF-8 CSV or .xlsx with the INTERFACES.md columns", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Date the determinations are re-run for (YYYY-MM-DD); default the stored business date" };
        var import = database.AddTo(new Command("import", "导入登记或纳税数据 / Import the enterprise or tax feed, then re-run the determinations") { kind, file, asOf });
        import.SetAction((parse, ct) => Cli.RunAsync(parse, async (stdout, stderr) =>
        {
            var path = parse.GetValue(file)!;
            DateOnly? date = parse.GetValue(asOf) is { } text ? CliSupport.ParseDate(text, "--as-of") : null;
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            await using var platform = await PlatformServices.OpenAsync(parse, database, clock, ct: ct);
            var db = platform.Db;
            var feed = parse.GetValue(kind) == "taxes" ? ImportRegistry.Feed.Taxes : ImportRegistry.Feed.Enterprises;
            await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var (batch, determined) = await ProgressBars.RunAsync(stderr, ["导入 import", "认定 determinations"], async bars =>
            {
                var batch = await new ImportRegistry.Handler(db, platform.Catalog, clock)
                    .Handle(new ImportRegistry.Command(feed, path, content, content.Length) { Progress = bars[0] }, ct: ct);
                if (batch.Status != "done")
                {
                    return (batch, (DetermineEnterprises.Result?)null);
                }

                bars[0].Report(1);
                var when = date ?? await SetBusinessDate.CurrentAsync(db, clock, ct);
                var result = await new DetermineEnterprises.Handler(db, platform.Catalog, clock).Handle(new DetermineEnterprises.Command(when), bars[1], ct);
                return (batch, result);
            });

            if (batch.Status != "done")
            {
                throw new UsageException(batch.Message);
            }

            var errors = db.ImportErrors.AsNoTracking().Where(e => e.ImportId == batch.Id).OrderBy(e => e.Line).ThenBy(e => e.Id).AsAsyncEnumerable();
            await foreach (var e in errors.WithCancellation(ct))
            {
                await stderr.WriteLineAsync(e.Column.Length > 0 ? $"{path}:{e.Line}: {e.Column}: {e.Message}" : $"{path}:{e.Line}: {e.Message}");
            }

            await stderr.WriteLineAsync($"{path}: {batch.Message}");
            if (determined is not null)
            {
                await stderr.WriteLineAsync($"determinations {DetermineEnterprises.Describe(determined)}");
            }

            CliSupport.WriteJson(new Summary(batch.Id, batch.Kind, path, batch.Status, batch.TotalRows, batch.Inserted, batch.Updated, batch.Unchanged, batch.Failed,
                determined is null ? null : new DeterminationSummary(determined.AsOf.ToText(), determined.Evaluated, determined.Key, determined.PolicyVersion)), stdout);
            return ExitCodes.Done;
        }));

        var registry = new Command("registry", "企业登记册 / The enterprise registry on the platform's database");
        registry.Subcommands.Add(import);
        return registry;
    }
}
