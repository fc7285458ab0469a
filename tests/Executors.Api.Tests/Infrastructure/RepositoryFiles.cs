namespace Executors.Api.Tests.Infrastructure;

/// <summary>Files of this repository (the folder holding Executors.sln, above the test's output folder).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>
    /// Fails, naming the command that brings <paramref name="relativePath"/> up to date, when the committed file differs
    /// from what the generator produces now; the message shows the first line that differs.
    /// </summary>
    public static void AssertUpToDate(string relativePath, string generated, string regenerateCommand)
    {
        var committed = File.Exists(PathOf(relativePath)) ? Read(relativePath).ReplaceLineEndings("\n") : null;
        if (committed == generated)
        {
            return;
        }

        string where;
        if (committed is null)
        {
            where = "the file does not exist";
        }
        else
        {
            var committedLines = committed.Split('\n');
            var generatedLines = generated.Split('\n');
            var line = 0;
            while (line < committedLines.Length && line < generatedLines.Length && committedLines[line] == generatedLines[line])
            {
                line++;
            }

            where = $"first difference at line {line + 1}:\n  committed: {LineAt(committedLines, line)}\n  generated: {LineAt(generatedLines, line)}";
        }

        Assert.Fail($"{relativePath} is out of date ({where}).\nRegenerate it from the repository's root with:\n  {regenerateCommand}\nand commit the result.");
    }

    private static string LineAt(string[] lines, int index) => index < lines.Length ? lines[index] : "(end of file)";

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
