using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Text;

namespace Rongtong.Application.Features.Registry;

/// <summary>
/// Imports the market-regulation feed (enterprises) or the tax feed (taxes) from CSV or XLSX: upsert by
/// USCC, history of every changed field, a per-row error list; nothing valid is dropped because a
/// neighbour row was bad. Writes in chunks through the provider's bulk means (PostgreSQL COPY, batched
/// SQLite transactions).
/// </summary>
public static class ImportRegistry
{
    public enum Feed
    {
        Enterprises,
        Taxes,
    }

    public static readonly string[] TaxColumns = ["uscc", "year", "tax_paid"];

    public sealed record Command(Feed Kind, string FileName, Stream Content, long? ContentLength = null)
    {
        /// <summary>Receives the share of the file read so far (0–1) after each chunk (the CLI's progress bar).</summary>
        public IProgress<double>? Progress { get; init; }
    }

    /// <summary>Rows per chunk: one transaction (data, errors, batch progress) and one look-up of existing rows each.</summary>
    private const int ChunkSize = 20000;

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        /// <summary>Runs the import; the batch row is visible (and updated per chunk) while it runs.</summary>
        /// <exception cref="TabularFormatException">The file as a whole is unusable (no header, missing column).</exception>
        public async Task<ImportBatch> Handle(Command command, Guid? importId = null, CancellationToken ct = default)
        {
            var columns = command.Kind == Feed.Enterprises ? EnterpriseFields.Columns : TaxColumns;
            var counting = new CountingStream(command.Content);
            var (rows, _) = TabularFile.Open(counting, command.FileName, columns);
            // A batch queued by the web host already exists; the CLI and tests start a new one.
            var batch = importId is { } id ? await db.Imports.FirstOrDefaultAsync(b => b.Id == id, ct) : null;
            if (batch is null)
            {
                batch = new ImportBatch
                {
                    Id = importId ?? Guid.NewGuid(),
                    Kind = command.Kind == Feed.Enterprises ? "enterprises" : "taxes",
                    FileName = command.FileName,
                    UserId = db.Viewer.UserId,
                    StartedAt = clock.GetUtcNow(),
                };
                db.Imports.Add(batch);
            }

            batch.Status = "running";
            await db.SaveChangesAsync(ct);

            // One connection for the whole import (on SQLite with a larger page cache for the index inserts).
            await db.Database.OpenConnectionAsync(ct);
            if (!db.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync(SqlitePragmas.BulkCacheSql, ct);
            }

            // Into an empty table every valid row is an insert (duplicates within the file are caught by `seen`),
            // so the per-chunk look-ups of existing rows are skipped.
            var empty = command.Kind == Feed.Enterprises
                ? !await db.Enterprises.IgnoreQueryFilters().AnyAsync(ct)
                : !await db.TaxRecords.IgnoreQueryFilters().AnyAsync(ct);

            var length = command.ContentLength ?? (command.Content.CanSeek ? command.Content.Length : 0);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var chunk = new List<TabularRow>(ChunkSize);
            var errors = new List<ImportError>();
            try
            {
                foreach (var row in rows)
                {
                    chunk.Add(row);
                    if (chunk.Count == ChunkSize)
                    {
                        await Flush();
                    }
                }

                await Flush();
                batch.Status = "done";
                batch.Percent = 100;
                batch.Message = $"{batch.TotalRows} rows: {batch.Inserted} inserted, {batch.Updated} updated, {batch.Unchanged} unchanged, {batch.Failed} rejected";
            }
            catch (TabularFormatException e)
            {
                batch.Status = "failed";
                batch.Message = e.Message;
            }

            finally
            {
                if (!db.IsPostgres)
                {
                    await db.Database.ExecuteSqlRawAsync(SqlitePragmas.Sql, CancellationToken.None);
                }

                await db.Database.CloseConnectionAsync();
            }

            batch.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return batch;

            async Task Flush()
            {
                if (chunk.Count == 0)
                {
                    return;
                }

                // One transaction per chunk: the rows, their errors and the batch's progress.
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    if (command.Kind == Feed.Enterprises)
                    {
                        await ImportEnterprises(batch, chunk, seen, errors, empty, ct);
                    }
                    else
                    {
                        await ImportTaxes(batch, chunk, seen, errors, empty, ct);
                    }

                    batch.TotalRows += chunk.Count;
                    batch.ProcessedRows = batch.TotalRows;
                    batch.Failed += errors.Select(e => e.Line).Distinct().Count();
                    batch.Percent = length > 0 ? (int)Math.Min(99, counting.Position * 100 / length) : 0;
                    await WriteErrors(errors, ct);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }

                command.Progress?.Report(length > 0 ? Math.Min(1.0, (double)counting.Position / length) : 0);
                chunk.Clear();
                errors.Clear();
            }
        }

        private async Task ImportEnterprises(ImportBatch batch, List<TabularRow> chunk, HashSet<string> seen, List<ImportError> errors, bool empty, CancellationToken ct)
        {
            var valid = new List<(TabularRow Row, Enterprise Value)>(chunk.Count);
            foreach (var row in chunk)
            {
                var f = row.Fields;
                if (f.Contains(TabularFile.MissingField))
                {
                    errors.Add(Error(batch, row.Line, "", "the row has fewer fields than the header"));
                    continue;
                }

                var faults = EnterpriseFields.Parse(f[0], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], catalog.Tables, out _);
                if (f[1].Length is 0 or > Lengths.Name)
                {
                    (faults ??= []).Add(new FieldError("name", f[1].Length == 0 ? "the name is empty" : $"the name is longer than {Lengths.Name} characters"));
                }

                if (faults is not null)
                {
                    errors.AddRange(faults.Select(x => Error(batch, row.Line, x.Column, x.Message)));
                    continue;
                }

                if (!seen.Add(f[0]))
                {
                    errors.Add(Error(batch, row.Line, "uscc", $"duplicate uscc {f[0]} in this file; the first row is kept"));
                    continue;
                }

                valid.Add((row, new Enterprise
                {
                    Uscc = f[0], Name = f[1], IndustryCode = f[2], KeyIndustry = f[3], RegisteredRegion = f[4], TaxRegion = f[5],
                    OperatingRegion = f[6], OutsourcedProduction = f[7] == "true", OutputCountedInHangzhou = f[8] == "true",
                    TaxCreditRating = f[9], HighTech = f[10] == "true", TechSme = f[11] == "true", UpdatedAt = clock.GetUtcNow(),
                }));
            }

            // EF.Parameter: one array parameter (json_each on SQLite, = ANY on PostgreSQL), not one per code.
            var codes = valid.Select(v => v.Value.Uscc).ToList();
            var existing = empty
                ? []
                : await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => EF.Parameter(codes).Contains(e.Uscc)).ToDictionaryAsync(e => e.Uscc, ct);
            var inserts = new List<Enterprise>();
            var updates = new List<Enterprise>();
            var changes = new List<EnterpriseChange>();
            foreach (var (_, incoming) in valid)
            {
                if (!existing.TryGetValue(incoming.Uscc, out var old))
                {
                    inserts.Add(incoming);
                    continue;
                }

                var diff = Diff(old, incoming);
                if (diff.Count == 0)
                {
                    batch.Unchanged++;
                    continue;
                }

                incoming.Id = old.Id;
                incoming.Version = old.Version + 1;
                updates.Add(incoming);
                changes.AddRange(diff.Select(d => new EnterpriseChange
                {
                    EnterpriseId = old.Id, ImportId = batch.Id, Field = d.Field, OldValue = d.Old, NewValue = d.New, ChangedAt = incoming.UpdatedAt,
                }));
            }

            await Bulk.InsertAsync(db, "Enterprises", EnterpriseColumns, [.. inserts.Select(EnterpriseValues)], ct);
            await Bulk.InsertAsync(db, "EnterpriseChanges", ChangeColumns, [.. changes.Select(ChangeValues)], ct);
            await Bulk.ExecuteEachAsync(db,
                "UPDATE \"Enterprises\" SET " + string.Join(",", EnterpriseColumns.Select((c, i) => $"\"{c}\"=$p{i}")) + $" WHERE \"Id\"=$p{EnterpriseColumns.Length}",
                EnterpriseColumns.Length + 1, [.. updates.Select(e => (object?[])[.. EnterpriseValues(e), e.Id])], ct);
            batch.Inserted += inserts.Count;
            batch.Updated += updates.Count;
        }

        private async Task ImportTaxes(ImportBatch batch, List<TabularRow> chunk, HashSet<string> seen, List<ImportError> errors, bool empty, CancellationToken ct)
        {
            var parsed = new List<(TabularRow Row, string Uscc, int Year, long Fen)>(chunk.Count);
            foreach (var row in chunk)
            {
                var f = row.Fields;
                if (f.Contains(TabularFile.MissingField))
                {
                    errors.Add(Error(batch, row.Line, "", "the row has fewer fields than the header"));
                    continue;
                }

                var bad = false;
                if (Uscc.Validate(f[0]) is { } usccError)
                {
                    errors.Add(Error(batch, row.Line, "uscc", usccError));
                    bad = true;
                }

                if (f[1].Length != 4 || !int.TryParse(f[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year < 1900)
                {
                    errors.Add(Error(batch, row.Line, "year", $"'{f[1]}' is not a calendar year"));
                    bad = true;
                    year = 0;
                }

                if (!Domain.Money.Money.TryParse(f[2], out var paid, out var moneyError) || paid.Fen < 0)
                {
                    errors.Add(Error(batch, row.Line, "tax_paid", moneyError ?? $"'{f[2]}' must not be negative"));
                    bad = true;
                }

                if (bad)
                {
                    continue;
                }

                if (!seen.Add(f[0] + "/" + f[1]))
                {
                    errors.Add(Error(batch, row.Line, "year", $"a second row for {f[0]} in {year} in this file; the first is kept"));
                    continue;
                }

                parsed.Add((row, f[0], year, paid.Fen));
            }

            var codes = parsed.Select(p => p.Uscc).Distinct().ToList();
            var ids = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => EF.Parameter(codes).Contains(e.Uscc))
                .Select(e => new { e.Id, e.Uscc }).ToDictionaryAsync(e => e.Uscc, e => e.Id, ct);
            var idList = ids.Values.ToList();
            var existing = empty
                ? []
                : await db.TaxRecords.IgnoreQueryFilters().AsNoTracking().Where(t => EF.Parameter(idList).Contains(t.EnterpriseId))
                    .ToDictionaryAsync(t => (t.EnterpriseId, t.Year), ct);
            var inserts = new List<TaxRecord>();
            var updates = new List<TaxRecord>();
            var changes = new List<EnterpriseChange>();
            foreach (var (row, code, year, fen) in parsed)
            {
                if (!ids.TryGetValue(code, out var id))
                {
                    errors.Add(Error(batch, row.Line, "uscc", $"no enterprise with uscc {code} in the registry; import the enterprise first"));
                    continue;
                }

                if (!existing.TryGetValue((id, year), out var old))
                {
                    inserts.Add(new TaxRecord { EnterpriseId = id, Year = year, TaxPaidFen = fen });
                }
                else if (old.TaxPaidFen == fen)
                {
                    batch.Unchanged++;
                }
                else
                {
                    updates.Add(new TaxRecord { Id = old.Id, EnterpriseId = id, Year = year, TaxPaidFen = fen, Version = old.Version + 1 });
                    changes.Add(new EnterpriseChange
                    {
                        EnterpriseId = id, ImportId = batch.Id, Field = $"tax_paid_{year}",
                        OldValue = new Domain.Money.Money(old.TaxPaidFen).ToString(), NewValue = new Domain.Money.Money(fen).ToString(), ChangedAt = clock.GetUtcNow(),
                    });
                }
            }

            await Bulk.InsertAsync(db, "TaxRecords", ["EnterpriseId", "Year", "TaxPaidFen", "Version"], [.. inserts.Select(t => new object?[] { t.EnterpriseId, t.Year, t.TaxPaidFen, 0 })], ct);
            await Bulk.InsertAsync(db, "EnterpriseChanges", ChangeColumns, [.. changes.Select(ChangeValues)], ct);
            await Bulk.ExecuteEachAsync(db, "UPDATE \"TaxRecords\" SET \"TaxPaidFen\"=$p0, \"Version\"=$p1 WHERE \"Id\"=$p2", 3,
                [.. updates.Select(t => new object?[] { t.TaxPaidFen, t.Version, t.Id })], ct);
            batch.Inserted += inserts.Count;
            batch.Updated += updates.Count;
        }

        private async Task WriteErrors(List<ImportError> errors, CancellationToken ct)
        {
            // Error rows are data about the import, not business writes: bulk-inserted (in the chunk's
            // transaction), covered by the batch's audit entries.
            await Bulk.InsertAsync(db, "ImportErrors", ["ImportId", "Line", "Column", "Message"],
                [.. errors.Select(e => new object?[] { e.ImportId, e.Line, e.Column, e.Message })], ct);
        }
    }

    private static ImportError Error(ImportBatch batch, int line, string column, string message) =>
        new() { ImportId = batch.Id, Line = line, Column = column, Message = message };

    private static List<(string Field, string Old, string New)> Diff(Enterprise a, Enterprise b)
    {
        var d = new List<(string, string, string)>();
        void Check(string field, string x, string y)
        {
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                d.Add((field, x, y));
            }
        }

        static string B(bool v) => v ? "true" : "false";
        Check("name", a.Name, b.Name);
        Check("industry_code", a.IndustryCode, b.IndustryCode);
        Check("key_industry", a.KeyIndustry, b.KeyIndustry);
        Check("registered_region", a.RegisteredRegion, b.RegisteredRegion);
        Check("tax_region", a.TaxRegion, b.TaxRegion);
        Check("operating_region", a.OperatingRegion, b.OperatingRegion);
        Check("outsourced_production", B(a.OutsourcedProduction), B(b.OutsourcedProduction));
        Check("output_counted_in_hangzhou", B(a.OutputCountedInHangzhou), B(b.OutputCountedInHangzhou));
        Check("tax_credit_rating", a.TaxCreditRating, b.TaxCreditRating);
        Check("high_tech", B(a.HighTech), B(b.HighTech));
        Check("tech_sme", B(a.TechSme), B(b.TechSme));
        return d;
    }

    private static readonly string[] EnterpriseColumns =
    [
        "Uscc", "Name", "IndustryCode", "KeyIndustry", "RegisteredRegion", "TaxRegion", "OperatingRegion", "OutsourcedProduction",
        "OutputCountedInHangzhou", "TaxCreditRating", "HighTech", "TechSme", "UpdatedAt", "Version",
    ];

    private static readonly string[] ChangeColumns = ["EnterpriseId", "ImportId", "Field", "OldValue", "NewValue", "ChangedAt"];

    private static object?[] EnterpriseValues(Enterprise e) =>
    [
        e.Uscc, e.Name, e.IndustryCode, e.KeyIndustry, e.RegisteredRegion, e.TaxRegion, e.OperatingRegion, e.OutsourcedProduction,
        e.OutputCountedInHangzhou, e.TaxCreditRating, e.HighTech, e.TechSme, e.UpdatedAt, e.Version,
    ];

    private static object?[] ChangeValues(EnterpriseChange c) => [c.EnterpriseId, c.ImportId, c.Field, c.OldValue, c.NewValue, c.ChangedAt];

    /// <summary>Counts bytes read so the import can report progress without knowing rows in advance.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            Position += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
