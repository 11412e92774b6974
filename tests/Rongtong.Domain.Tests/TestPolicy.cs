using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Tests;

/// <summary>The shipped policy data as the CLI sees it (copied beside the test assembly).</summary>
internal static class TestPolicy
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "policy");

    private static readonly Lazy<PolicyCatalog> Lazy = new(() => PolicyCatalog.Load(Read));

    public static PolicyCatalog Catalog => Lazy.Value;

    public static PolicyVersion Version => Catalog.Versions[0];

    public static string? Read(string relative)
    {
        var path = Path.Combine(Directory, relative);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Loads the shipped data with one file replaced.</summary>
    public static PolicyCatalog LoadWith(string relative, string text) =>
        PolicyCatalog.Load(r => r == relative ? text : Read(r));
}
