using System.CommandLine;
using System.Runtime.ExceptionServices;
using Rongtong.Cli.Determine;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Rules;
using Spectre.Console;

namespace Rongtong.Cli;

/// <summary>
/// <c>rongtong determine</c>: key-enterprise determination (POLICY.md P0–P2) for a whole registry, one
/// row out per row in, in input order (see <see cref="Job"/> for how the work is split).
/// </summary>
internal static class DetermineCommand
{
    public static Command Build(TimeProvider clock)
    {
        var enterprises = new Option<string>("--enterprises") { Description = "enterprises.csv (market-regulation registry)", Required = true };
        var taxes = new Option<string>("--taxes") { Description = "taxes.csv (uscc,year,tax_paid)", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluation date (YYYY-MM-DD); default the business date" };
        var output = new Option<string>("--output") { Description = "Output CSV", Required = true };
        var command = new Command("determine", "重点企业认定 / Determine key enterprises and guarantee quotas (一, 三(二))") { enterprises, taxes, asOf, output };
        command.SetAction(parse => Cli.Run(parse, (_, stderr) =>
        {
            var date = parse.GetValue(asOf) is { } text ? CliSupport.ParseDate(text, "--as-of") : CliSupport.BusinessDate(clock);
            var job = new Job(parse.GetValue(enterprises)!, parse.GetValue(taxes)!, parse.GetValue(output)!, date, stderr);
            if (!Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error))
            {
                AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
                    .Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        var t = ctx.AddTask("纳税 taxes");
                        var e = ctx.AddTask("认定 enterprises");
                        job.Run(p => t.Value = p * 100, p => e.Value = p * 100);
                    });
            }
            else
            {
                job.Run(null, null);
            }

            stderr.WriteLine(job.Summary);
            return ExitCodes.Done;
        }));
        return command;
    }

    /// <summary>
    /// One run of the batch determination; exposed for the benchmarks and tests. Both headers are checked
    /// first (enterprises, then taxes); then the tax file is summed on one thread while this one reads the
    /// enterprise file into columns; then the taxes are claimed, the batch kernel runs, and the output rows
    /// are formatted in parallel chunks and written in input order. Messages about tax rows are kept and
    /// written in file order once the tax pass ends, so stderr reads as if the passes ran one after another.
    /// </summary>
    internal sealed class Job(string enterprisesPath, string taxesPath, string outputPath, DateOnly asOf, TextWriter stderr)
    {
        private const int ChunkRows = 1 << 15;

        private static readonly byte[][] BasisBytes = ["NONE"u8.ToArray(), "KEY_INDUSTRY"u8.ToArray(), "MANUFACTURING"u8.ToArray(), "PRODUCER_SERVICE"u8.ToArray()];
        private static readonly byte[][] ReasonBytes = [.. Enumerable.Range(0, 128).Select(m => System.Text.Encoding.ASCII.GetBytes(ReasonCodes.Format((Reasons)m)))];

        private long _rows;
        private long _invalid;
        private long _key;
        private long _unknownTaxRows;
        private TaxBook? _taxes;

        public string Summary =>
            $"determine {asOf.ToText()}: {_rows} enterprises ({_rows - _invalid} ok, {_invalid} invalid, {_key} key); " +
            $"taxes: {_taxes?.Rows ?? 0} rows ({_taxes?.BadRows ?? 0} bad, {_unknownTaxRows} for unknown enterprises, {_taxes?.OutsideWindow ?? 0} outside the window)";

        public long KeyCount => _key;

        public long InvalidCount => _invalid;

        public void Run(Action<double>? taxProgress, Action<double>? enterpriseProgress)
        {
            var catalog = CliSupport.Catalog;
            var parameters = KeyEnterpriseParameters.Compile(catalog, asOf);
            var years = parameters?.TaxYears ?? 3;
            var enterprisesName = Path.GetFileName(enterprisesPath);
            var taxesName = Path.GetFileName(taxesPath);

            // Headers first, read by Sep, so a bad file fails at once and with Sep's own messages.
            int[] index;
            int columnCount;
            long length;
            using (var stream = CsvFiles.Open(enterprisesPath, enterprisesName))
            using (var reader = CsvFiles.Reader(stream, enterprisesName))
            {
                var rowReader = new EnterpriseRowReader(reader.Header, enterprisesName, catalog.Tables);
                index = [.. rowReader.Indexes];
                columnCount = rowReader.ColumnCount;
                length = Math.Max(1, stream.Length);
            }

            var (usccColumn, yearColumn, taxColumn, taxColumns, taxLength) = TaxBook.ReadHeader(taxesPath, taxesName);

            var messages = new List<string>();
            TaxBook? book = null;
            ExceptionDispatchInfo? failure = null;
            var taxThread = new Thread(() =>
            {
                try
                {
                    book = TaxBook.LoadRows(taxesPath, taxesName, usccColumn, yearColumn, taxColumn, taxColumns, taxLength,
                        asOf.Year - years, years, messages.Add, taxProgress);
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            })
            { IsBackground = true, Name = "taxes" };
            taxThread.Start();

            var table = new EnterpriseTable(index, columnCount, catalog.Tables, (int)Math.Min(1 << 28, (length / 100) + 16));
            using (var reader = new ByteCsvReader(CsvFiles.Open(enterprisesPath, enterprisesName)))
            {
                reader.MoveNext(); // the header, already checked
                table.Load(reader, length, enterpriseProgress);
            }

            taxThread.Join();
            failure?.Throw();
            _taxes = book!;
            foreach (var message in messages)
            {
                stderr.WriteLine(message);
            }

            var columns = table.Columns;
            var n = columns.Count;
            var chunks = (n + ChunkRows - 1) / ChunkRows;
            Parallel.For(0, chunks, k => Claim(table, _taxes, k * ChunkRows, Math.Min(n, (k + 1) * ChunkRows)));
            var packed = new uint[n];
            var quota = new long[n];
            KeyEnterpriseBatch.EvaluateParallel(columns, parameters, packed, quota);

            using var output = new CsvOutput(outputPath);
            output.Write("uscc,status,key_enterprise,sector_basis,quota_exceedable,guarantee_quota,reasons,error\n"u8);
            var buffers = new RowBuffer?[chunks];
            var keys = new long[chunks];
            var written = 0;
            using (var ready = new SemaphoreSlim(0))
            {
                ExceptionDispatchInfo? formatFailure = null;
                var formatter = new Thread(() =>
                {
                    try
                    {
                        Parallel.For(0, chunks, k =>
                        {
                            Volatile.Write(ref buffers[k], Format(table, packed, quota, k * ChunkRows, Math.Min(n, (k + 1) * ChunkRows), out keys[k]));
                            ready.Release();
                        });
                    }
                    catch (Exception e)
                    {
                        formatFailure = ExceptionDispatchInfo.Capture(e);
                        ready.Release(chunks + 1);
                    }
                })
                { IsBackground = true, Name = "format" };
                formatter.Start();
                while (written < chunks && formatFailure is null)
                {
                    ready.Wait();
                    while (written < chunks && Volatile.Read(ref buffers[written]) is { } chunk)
                    {
                        output.Write(chunk);
                        buffers[written] = null;
                        written++;
                    }
                }

                formatter.Join();
                formatFailure?.Throw();
            }

            _rows = n;
            _invalid = table.Errors.Count;
            _key = keys.Sum();
            enterpriseProgress?.Invoke(1);
            foreach (var line in _taxes.UnclaimedLines())
            {
                _unknownTaxRows++;
                stderr.WriteLine($"{taxesName}:{line}: no enterprise with this uscc in {enterprisesName}");
            }
        }

        private static void Claim(EnterpriseTable table, TaxBook taxes, int from, int to)
        {
            var columns = table.Columns;
            var state = table.State;
            var keys = table.Keys;
            for (var i = from; i < to; i++)
            {
                if (state[i] == EnterpriseTable.Ok)
                {
                    columns.TaxSumFen[i] = taxes.Claim(keys[i], out var missing);
                    columns.TaxMissing[i] = missing;
                }
                else if (state[i] == EnterpriseTable.InvalidWithKey)
                {
                    taxes.MarkKnown(keys[i]);
                }
            }
        }

        private static RowBuffer Format(EnterpriseTable table, uint[] packed, long[] quota, int from, int to, out long keyCount)
        {
            var buffer = new RowBuffer((to - from) * 72);
            var state = table.State;
            var keys = table.Keys;
            keyCount = 0;
            for (var i = from; i < to; i++)
            {
                if (state[i] != EnterpriseTable.Ok)
                {
                    var (uscc, error) = table.Errors[i];
                    buffer.Field(uscc);
                    buffer.Ascii(",invalid,false,NONE,false,,,"u8);
                    buffer.Field(error);
                    buffer.Ascii("\n"u8);
                    continue;
                }

                var p = packed[i];
                var isKey = KeyEnterpriseRule.IsKey(p);
                Uscc.Unpack(keys[i], buffer.Reserve(Uscc.Length));
                buffer.Advance(Uscc.Length);
                buffer.Ascii(isKey ? ",ok,true,"u8 : ",ok,false,"u8);
                buffer.Ascii(BasisBytes[(int)KeyEnterpriseRule.BasisOf(p)]);
                buffer.Ascii(KeyEnterpriseRule.IsExceedable(p) ? ",true,"u8 : ",false,"u8);
                if (isKey)
                {
                    keyCount++;
                    buffer.Money(quota[i]);
                }

                buffer.Ascii(","u8);
                buffer.Ascii(ReasonBytes[(int)KeyEnterpriseRule.ReasonsOf(p)]);
                buffer.Ascii(",\n"u8);
            }

            return buffer;
        }
    }
}
