namespace Rongtong.Bench;

/// <summary>Finds the repository root (the folder holding <c>Rongtong.slnx</c>) by walking up.</summary>
internal static class RepoRoot
{
    public const string Marker = "Rongtong.slnx";

    /// <summary>Walks up from the current directory, then from the executable's folder (BenchmarkDotNet runs children elsewhere).</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no folder holding {Marker} above {Directory.GetCurrentDirectory()}");
    }

    public static string PolicyFolder(string root) => Path.Combine(root, "policy");
}
