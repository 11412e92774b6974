using System.CommandLine;
using Rongtong.Domain.Registry;

namespace Rongtong.Cli;

/// <summary><c>rongtong uscc check CODE...</c> — GB 32100-2015 validation, one JSON object per line.</summary>
internal static class UsccCommand
{
    public static Command Build()
    {
        var codes = new Argument<string[]>("codes") { Description = "统一社会信用代码 to check", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check", "校验统一社会信用代码 / Check USCCs (exit 1 when any is invalid)") { codes };
        check.SetAction(parse => Cli.Run(parse, (stdout, _) =>
        {
            var allValid = true;
            foreach (var code in parse.GetValue(codes)!)
            {
                var error = Uscc.Validate(code);
                allValid &= error is null;
                CliSupport.WriteJson(new UsccResult(code, error is null, error), stdout);
            }

            return allValid ? ExitCodes.Done : ExitCodes.No;
        }));
        var uscc = new Command("uscc", "统一社会信用代码 / Unified social credit codes");
        uscc.Subcommands.Add(check);
        return uscc;
    }

    private sealed record UsccResult(string Code, bool Valid, string? Error);
}
