using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

internal static class Lifecycle
{
    /// <summary>The version whose parameters govern a step on <paramref name="asOf"/>: in force, else the latest started (a guarantee outlives its policy).</summary>
    public static (PolicyVersion Version, DateOnly Within) VersionFor(PolicyCatalog catalog, DateOnly asOf)
    {
        var version = catalog.VersionOn(asOf) ?? catalog.LatestStartedBy(asOf) ?? catalog.Versions[0];
        var within = asOf < version.Period.From ? version.Period.From : asOf > version.Period.To ? version.Period.To : asOf;
        return (version, within);
    }
}
