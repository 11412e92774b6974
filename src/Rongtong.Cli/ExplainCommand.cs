using System.CommandLine;
using Rongtong.Cli.Determine;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Rules;

namespace Rongtong.Cli;

/// <summary><c>rongtong explain</c>: one enterprise's determination as a JSON tree, clause by clause.</summary>
internal static class ExplainCommand
{
    public static Command Build(TimeProvider clock)
    {
        var uscc = new Option<string>("--uscc") { Description = "统一社会信用代码 of the enterprise", Required = true };
        var enterprises = new Option<string>("--enterprises") { Description = "enterprises.csv", Required = true };
        var taxes = new Option<string>("--taxes") { Description = "taxes.csv", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Evaluation date (YYYY-MM-DD); default the business date" };
        var command = new Command("explain", "认定说明 / Explain one enterprise's determination as a JSON tree") { uscc, enterprises, taxes, asOf };
        command.SetAction(parse => Cli.Run(parse, (stdout, stderr) =>
        {
            var code = parse.GetValue(uscc)!.Trim();
            if (Uscc.Validate(code) is { } usccError)
            {
                throw new UsageException($"--uscc: {usccError}");
            }

            var date = parse.GetValue(asOf) is { } text ? CliSupport.ParseDate(text, "--as-of") : CliSupport.BusinessDate(clock);
            var catalog = CliSupport.Catalog;
            var years = KeyEnterpriseParameters.Compile(catalog, date)?.TaxYears ?? 3;
            var enterprisesPath = parse.GetValue(enterprises)!;
            var enterprisesName = Path.GetFileName(enterprisesPath);
            using var stream = CsvFiles.Open(enterprisesPath, enterprisesName);
            using var reader = CsvFiles.Reader(stream, enterprisesName);
            var rowReader = new EnterpriseRowReader(reader.Header, enterprisesName, catalog.Tables);
            foreach (var row in reader)
            {
                if (row.ColCount <= rowReader.UsccIndex || !row[rowReader.UsccIndex].Span.SequenceEqual(code))
                {
                    continue;
                }

                if (rowReader.Read(row, out var facts) is { } error)
                {
                    throw new UsageException($"{enterprisesName}:{row.LineNumberFrom}: {error}");
                }

                var taxesPath = parse.GetValue(taxes)!;
                var book = TaxBook.Load(taxesPath, Path.GetFileName(taxesPath), date.Year - years, years, _ => { }, null);
                var tree = KeyEnterpriseExplanation.Explain(code, facts, book.Window(Uscc.Pack(code.AsSpan())), catalog, date);
                CliSupport.WriteJson(tree, stdout, indented: true);
                return ExitCodes.Done;
            }

            throw new UsageException($"{enterprisesName}: no row with uscc {code}");
        }));
        return command;
    }
}
