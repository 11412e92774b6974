using System.CommandLine;
using Rongtong.Cli.Determine;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Rules;
using Spectre.Console;

namespace Rongtong.Cli;

/// <summary>
/// <c>rongtong determine</c>: key-enterprise determination (POLICY.md P0–P2) for a whole registry. The tax
/// file is summed first; the enterprise file then streams through the rule straight to the output, one
/// row out per row in, in input order.
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

    /// <summary>One run of the batch determination; exposed for the benchmarks and tests.</summary>
    internal sealed class Job(string enterprisesPath, string taxesPath, string outputPath, DateOnly asOf, TextWriter stderr)
    {
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

            // Validate the enterprise header before the long tax pass, so a bad file fails at once.
            using var stream = CsvFiles.Open(enterprisesPath, enterprisesName);
            using var reader = CsvFiles.Reader(stream, enterprisesName);
            var rowReader = new EnterpriseRowReader(reader.Header, enterprisesName, catalog.Tables);

            _taxes = TaxBook.Load(taxesPath, taxesName, asOf.Year - years, years, stderr.WriteLine, taxProgress);
            var length = Math.Max(1, stream.Length);
            var seen = new UsccMap((int)Math.Min(4_000_000, Math.Max(1024, length / 80)));
            using var output = new CsvOutput(outputPath);
            output.Ascii("uscc,status,key_enterprise,sector_basis,quota_exceedable,guarantee_quota,reasons,error\n"u8);

            var basisBytes = new[] { "NONE"u8.ToArray(), "KEY_INDUSTRY"u8.ToArray(), "MANUFACTURING"u8.ToArray(), "PRODUCER_SERVICE"u8.ToArray() };
            var reasonBytes = Enumerable.Range(0, 128).Select(m => System.Text.Encoding.ASCII.GetBytes(ReasonCodes.Format((Reasons)m))).ToArray();
            foreach (var row in reader)
            {
                _rows++;
                if ((_rows & 0xFFFF) == 0)
                {
                    enterpriseProgress?.Invoke((double)stream.Position / length);
                }

                var error = rowReader.Read(row, out var facts);
                var usccSpan = row.ColCount > rowReader.UsccIndex ? row[rowReader.UsccIndex].Span : [];
                var usccValid = Uscc.IsValid(usccSpan);
                var key = usccValid ? Uscc.Pack(usccSpan) : default;
                if (usccValid)
                {
                    var first = seen.GetOrAdd(key, row.LineNumberFrom, out var added);
                    if (!added)
                    {
                        error = $"duplicate uscc: the same code is on line {first}" + (error is null ? "" : "; " + error);
                    }
                }

                if (error is not null)
                {
                    _invalid++;
                    if (usccValid)
                    {
                        _taxes.MarkKnown(key);
                    }

                    output.Field(usccSpan);
                    output.Ascii(",invalid,false,NONE,false,,,"u8);
                    output.Field($"line {row.LineNumberFrom}: {error}");
                    output.NewLine();
                    continue;
                }

                var sum = _taxes.Claim(key, out var missing);
                uint packed;
                if (parameters is null)
                {
                    packed = (uint)Reasons.PolicyNotInForce;
                }
                else
                {
                    packed = KeyEnterpriseRule.Core(facts.KeyIndustryTag, facts.IndustryClass, facts.RegisteredRegion, facts.TaxRegion,
                        facts.OperatingRegion, facts.Flags, (byte)facts.Rating, missing, parameters.TagAllowed, parameters.SectorByClass,
                        parameters.CityPrefix, parameters.ExceedableRatingMask);
                }

                var isKey = KeyEnterpriseRule.IsKey(packed);
                output.Field(usccSpan);
                output.Ascii(isKey ? ",ok,true,"u8 : ",ok,false,"u8);
                output.Ascii(basisBytes[(int)KeyEnterpriseRule.BasisOf(packed)]);
                output.Ascii(KeyEnterpriseRule.IsExceedable(packed) ? ",true,"u8 : ",false,"u8);
                if (isKey)
                {
                    _key++;
                    output.Money(sum);
                }

                output.Comma();
                output.Ascii(reasonBytes[(int)KeyEnterpriseRule.ReasonsOf(packed)]);
                output.Ascii(",\n"u8);
            }

            enterpriseProgress?.Invoke(1);
            foreach (var line in _taxes.UnclaimedLines())
            {
                _unknownTaxRows++;
                stderr.WriteLine($"{taxesName}:{line}: no enterprise with this uscc in {enterprisesName}");
            }
        }
    }
}
