using System.CommandLine;
using System.Globalization;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Rules;

namespace Rongtong.Cli;

/// <summary><c>rongtong policy split|fee|supplementary-cap</c> — the calculators of POLICY.md P3, P4 and P10.</summary>
internal static class PolicyCommands
{
    public static Command Build(TimeProvider clock)
    {
        var policy = new Command("policy", "政策计算器 / Policy calculators (P3 fee, P4 4222 split, P10 supplementary cap)");
        policy.Subcommands.Add(Split(clock));
        policy.Subcommands.Add(Fee());
        policy.Subcommands.Add(SupplementaryCap(clock));
        return policy;
    }

    private static Command Split(TimeProvider clock)
    {
        var amount = new Option<string>("--amount") { Description = "Loss or recovery in yuan, e.g. 1000000.00", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Date the ratio is read for (YYYY-MM-DD); default the business date" };
        var command = new Command("split", "“4222”风险分担 / Split an amount 4:2:2:2 exactly to the 分 (三(二))") { amount, asOf };
        command.SetAction(parse => Cli.Run(parse, (stdout, stderr) =>
        {
            var money = CliSupport.ParseMoney(parse.GetValue(amount)!, "--amount");
            var date = parse.GetValue(asOf) is { } text ? CliSupport.ParseDate(text, "--as-of") : CliSupport.BusinessDate(clock);
            var version = CliSupport.CalculatorVersion(date, stderr);
            var shares = RiskSharingRule.Split(money, version, CliSupport.Catalog.Governing(date).Within);
            CliSupport.WriteJson(new Dictionary<string, string>
            {
                ["guarantor"] = shares.Guarantor.ToString(),
                ["national_fund"] = shares.NationalFund.ToString(),
                ["provincial_reguarantee"] = shares.ProvincialReguarantee.ToString(),
                ["bank"] = shares.Bank.ToString(),
            }, stdout);
            return ExitCodes.Done;
        }));
        return command;
    }

    private static Command Fee()
    {
        var principal = new Option<string>("--principal") { Description = "Guaranteed principal in yuan", Required = true };
        var rate = new Option<string>("--rate") { Description = "Annual rate as a decimal: 0.008 = 0.8 % a year", Required = true };
        var start = new Option<string>("--start") { Description = "First day (YYYY-MM-DD)", Required = true };
        var end = new Option<string>("--end") { Description = "End day (YYYY-MM-DD); days = end − start", Required = true };
        var command = new Command("fee", "担保费 / Guarantee fee and the 1 % cap (三(二))") { principal, rate, start, end };
        command.SetAction(parse => Cli.Run(parse, (stdout, stderr) =>
        {
            var p = CliSupport.ParseMoney(parse.GetValue(principal)!, "--principal");
            var rateText = parse.GetValue(rate)!;
            if (!decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r))
            {
                throw new UsageException($"--rate: '{rateText}' is not a non-negative decimal such as 0.008");
            }

            var from = CliSupport.ParseDate(parse.GetValue(start), "--start");
            var to = CliSupport.ParseDate(parse.GetValue(end), "--end");
            if (to < from)
            {
                throw new UsageException($"--end {to.ToText()} is before --start {from.ToText()}");
            }

            var version = CliSupport.CalculatorVersion(from, stderr);
            var outcome = GuaranteeFeeRule.Compute(p, r, from, to, version, CliSupport.Catalog.Governing(from).Within);
            stdout.WriteLine($"{{\"fee\":\"{outcome.Fee}\",\"within_cap\":{(outcome.WithinCap ? "true" : "false")}}}");
            if (!outcome.WithinCap)
            {
                stderr.WriteLine($"{GuaranteeFeeRule.AboveCap}: rate {r} exceeds the cap {outcome.Cap} ({outcome.Clause}); a regulator's exception is needed");
            }

            return ExitCodes.Done;
        }));
        return command;
    }

    private static Command SupplementaryCap(TimeProvider clock)
    {
        var nbv = new Option<string>("--net-book-value") { Description = "Collateral net book value in yuan", Required = true };
        var principal = new Option<string>("--principal") { Description = "Loan principal in yuan", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Date the ratio is read for; default the business date" };
        var command = new Command("supplementary-cap", "补充担保上限 / Supplementary guarantee cap on movable collateral (五(一))") { nbv, principal, asOf };
        command.SetAction(parse => Cli.Run(parse, (stdout, stderr) =>
        {
            var value = CliSupport.ParseMoney(parse.GetValue(nbv)!, "--net-book-value");
            var loan = CliSupport.ParseMoney(parse.GetValue(principal)!, "--principal");
            if (value.Fen < 0 || loan.Fen < 0)
            {
                throw new UsageException("--net-book-value and --principal must not be negative");
            }

            var date = parse.GetValue(asOf) is { } text ? CliSupport.ParseDate(text, "--as-of") : CliSupport.BusinessDate(clock);
            var version = CliSupport.CalculatorVersion(date, stderr);
            var outcome = SupplementaryCapRule.Compute(value, loan, version, CliSupport.Catalog.Governing(date).Within);
            CliSupport.WriteJson(new Dictionary<string, string> { ["cap"] = outcome.Cap.ToString() }, stdout);
            return ExitCodes.Done;
        }));
        return command;
    }
}
