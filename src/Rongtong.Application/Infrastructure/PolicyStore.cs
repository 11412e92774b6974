using Rongtong.Domain.Policy;

namespace Rongtong.Application.Infrastructure;

/// <summary>Loads the policy data from a folder (the copy shipped beside the executable by default).</summary>
public static class PolicyStore
{
    /// <summary><c>RONGTONG_POLICY_DIR</c> when set, else <c>policy/</c> beside the executable.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("RONGTONG_POLICY_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "policy");

    /// <exception cref="PolicyDataException">The data is unusable; file and line are named.</exception>
    public static PolicyCatalog Load(string directory) =>
        PolicyCatalog.Load(relative =>
        {
            var path = Path.Combine(directory, relative);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        });
}
