using System.Text.Encodings.Web;
using System.Text.Json;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Policy;

namespace Rongtong.Cli;

/// <summary>Exit codes of the public contract (INTERFACES.md).</summary>
internal static class ExitCodes
{
    public const int Done = 0;
    public const int No = 1;
    public const int BadInput = 2;
}

/// <summary>Bad usage or unreadable input: exit 2 with a message naming the file, line and column or field.</summary>
internal sealed class UsageException(string message) : Exception(message);

internal static class CliSupport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions JsonIndented = new(Json) { WriteIndented = true };

    /// <summary>Writes one JSON object as one line on stdout.</summary>
    public static void WriteJson<T>(T value, TextWriter stdout, bool indented = false) =>
        stdout.WriteLine(JsonSerializer.Serialize(value, indented ? JsonIndented : Json));

    private static PolicyCatalog? _catalog;

    public static PolicyCatalog Catalog
    {
        get
        {
            if (_catalog is not null)
            {
                return _catalog;
            }

            // RONGTONG_POLICY_DIR (an operator's own data), else the copy shipped beside the executable.
            var root = PolicyStore.DefaultDirectory;
            try
            {
                _catalog = PolicyStore.Load(root);
            }
            catch (PolicyDataException e)
            {
                throw new UsageException($"policy data {Path.Combine(root, e.File)}:{e.Line}: {e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]}");
            }

            return _catalog;
        }
    }

    /// <summary>
    /// The business date (营业日期) when no <c>--as-of</c> is given: <c>RONGTONG_BUSINESS_DATE</c> if set,
    /// else today in China Standard Time. The rules themselves never read a clock.
    /// </summary>
    public static DateOnly BusinessDate(TimeProvider clock)
    {
        if (Environment.GetEnvironmentVariable("RONGTONG_BUSINESS_DATE") is { Length: > 0 } text)
        {
            return Dates.TryParse(text, out var d, out var error)
                ? d
                : throw new UsageException($"RONGTONG_BUSINESS_DATE: {error}");
        }

        return Dates.InChina(clock.GetUtcNow());
    }

    public static DateOnly ParseDate(string? text, string option) =>
        text is null
            ? throw new UsageException($"{option} is required")
            : Dates.TryParse(text, out var d, out var error) ? d : throw new UsageException($"{option}: {error}");

    public static Domain.Money.Money ParseMoney(string text, string option) =>
        Domain.Money.Money.TryParse(text, out var m, out var error) ? m : throw new UsageException($"{option}: {error}");

    /// <summary>
    /// The version whose parameters a calculator uses on <paramref name="asOf"/>: the one in force, else the
    /// latest that had started (said on stderr), so a calculator still answers outside the policy period.
    /// </summary>
    public static PolicyVersion CalculatorVersion(DateOnly asOf, TextWriter stderr)
    {
        var catalog = Catalog;
        var version = catalog.VersionOn(asOf);
        if (version is not null)
        {
            return version;
        }

        var latest = catalog.Governing(asOf).Version;
        stderr.WriteLine($"note: no policy version is in force on {asOf.ToText()} (POLICY_NOT_IN_FORCE); using the parameters of {latest.Id} ({latest.Period})");
        return latest;
    }
}
