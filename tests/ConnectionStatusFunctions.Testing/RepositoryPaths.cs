namespace ConnectionStatusFunctions.Testing;

/// <summary>Where the repository and the projects' build outputs are, seen from a test's own build folder.</summary>
public static class RepositoryPaths
{
    // tests/<TestProject>/bin/<Configuration>/<framework>/
    private static readonly DirectoryInfo TestBuild = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Root { get; } = TestBuild.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>src/<paramref name="project"/>/bin/ in the configuration and framework the tests were built with.</summary>
    public static string BuildFolder(string project)
    {
        var folder = Path.Combine(Root, "src", project, "bin", TestBuild.Parent!.Name, TestBuild.Name);
        return Directory.Exists(folder) ? folder : throw new InvalidOperationException($"{project} is not built at {folder}.");
    }
}
