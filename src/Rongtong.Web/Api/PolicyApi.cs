using Microsoft.AspNetCore.Http.HttpResults;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Money;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Web.Api;

/// <summary>The read-only policy calculators (POLICY.md P3, P4, P10, P11): open without sign-in, like the CLI.</summary>
public static class PolicyApi
{
    public sealed record SplitView(string Guarantor, string NationalFund, string ProvincialReguarantee, string Bank, string PolicyVersion, string Clause);

    public sealed record FeeView(string Fee, bool WithinCap, string Cap, int Days, string PolicyVersion, string Clause);

    public sealed record CapView(string Cap, string Reason, string PolicyVersion, string Clause);

    public sealed record DateView(DateOnly Date);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/policy").WithTags("Policy calculators").AllowAnonymous();

        api.MapGet("/split", Results<Ok<SplitView>, ValidationProblem> (string amount, DateOnly asOf, PolicyCatalog catalog) =>
        {
            if (!Money.TryParse(amount, out var money, out var error) || money.Fen < 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = [error ?? "must not be negative"] });
            }

            var version = Version(catalog, asOf);
            var s = RiskSharingRule.Split(money, version, asOf);
            return TypedResults.Ok(new SplitView(s.Guarantor.ToString(), s.NationalFund.ToString(), s.ProvincialReguarantee.ToString(), s.Bank.ToString(), version.Id, s.Clause.ToString()));
        }).WithSummary("“4222” split of a loss or recovery, exact to the 分 (三(二))");

        api.MapGet("/fee", Results<Ok<FeeView>, ValidationProblem> (string principal, decimal rate, DateOnly start, DateOnly end, PolicyCatalog catalog) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!Money.TryParse(principal, out var p, out var error) || p.Fen < 0)
            {
                errors["principal"] = [error ?? "must not be negative"];
            }

            if (rate is < 0 or > 1)
            {
                errors["rate"] = ["must be a decimal between 0 and 1 (0.008 = 0.8 %)"];
            }

            if (end < start)
            {
                errors["end"] = ["must not be before start"];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var version = Version(catalog, start);
            var f = GuaranteeFeeRule.Compute(p, rate, start, end, version, start);
            return TypedResults.Ok(new FeeView(f.Fee.ToString(), f.WithinCap, f.Cap.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Days, version.Id, f.Clause.ToString()));
        }).WithSummary("Guarantee fee and the 1 % cap (三(二))");

        api.MapGet("/supplementary-cap", Results<Ok<CapView>, ValidationProblem> (string netBookValue, string principal, DateOnly asOf, PolicyCatalog catalog) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!Money.TryParse(netBookValue, out var nbv, out var e1) || nbv.Fen < 0)
            {
                errors["netBookValue"] = [e1 ?? "must not be negative"];
            }

            if (!Money.TryParse(principal, out var p, out var e2) || p.Fen < 0)
            {
                errors["principal"] = [e2 ?? "must not be negative"];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var version = Version(catalog, asOf);
            var c = SupplementaryCapRule.Compute(nbv, p, version, asOf);
            return TypedResults.Ok(new CapView(c.Cap.ToString(), c.Reason, version.Id, c.Clause.ToString()));
        }).WithSummary("Supplementary guarantee cap on movable collateral (五(一))");

        api.MapGet("/add-business-days", Results<Ok<DateView>, ValidationProblem> (DateOnly date, int days, PolicyCatalog catalog) =>
            days is < 0 or > BusinessCalendar.MaxDays
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"must be 0 to {BusinessCalendar.MaxDays}"] })
                : TypedResults.Ok(new DateView(catalog.Calendar.AddBusinessDays(date, days))))
            .WithSummary("Business days on the official calendar (五(二))");
    }

    private static PolicyVersion Version(PolicyCatalog catalog, DateOnly asOf) =>
        catalog.VersionOn(asOf) ?? throw new DomainException("POLICY_NOT_IN_FORCE", $"no policy version is in force on {asOf.ToText()}");
}
