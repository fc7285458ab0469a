namespace Executors.Testing;

/// <summary>Files of this repository (the folder holding Executors.sln, above the test's output folder).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Executors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Executors.sln above {AppContext.BaseDirectory}.");
    }
}
