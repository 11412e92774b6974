using Rongtong.Application.Features.Demo;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Registry;

namespace Rongtong.BrowserTests;

/// <summary>What the seeded demo registry holds (same generator and seed as the app's first start), and fresh codes for imports.</summary>
internal static class DemoData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly Lazy<IReadOnlyList<DemoEnterprise>> Registry = new(() =>
        [.. DemoRegistry.Generate(300, new SeedDemo.Command().Seed, PolicyStore.Load(PolicyStore.DefaultDirectory), SeedDemo.BusinessDate.Year - 1)]);

    /// <summary>A demo enterprise registered in a Hangzhou district (so its whole explanation tree is evaluated).</summary>
    public static DemoEnterprise InHangzhou(int skip = 0) =>
        Registry.Value.Where(e => e.RegisteredRegion.StartsWith("3301", StringComparison.Ordinal)).Skip(skip).First();

    /// <summary>A valid USCC no demo enterprise has.</summary>
    public static string NewUscc()
    {
        var body = "91330106" + string.Concat(Enumerable.Range(0, 9).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]));
        return body + Uscc.CheckCharacter(body);
    }
}
