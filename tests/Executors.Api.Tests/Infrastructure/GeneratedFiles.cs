namespace Executors.Api.Tests.Infrastructure;

/// <summary>Committed files a generator makes (the OpenAPI document, the client): whether they are up to date.</summary>
internal static class GeneratedFiles
{
    /// <summary>
    /// Fails, naming the command that brings <paramref name="relativePath"/> up to date, when the committed file differs
    /// from what the generator produces now; the message shows the first line that differs.
    /// </summary>
    public static void AssertUpToDate(string relativePath, string generated, string regenerateCommand)
    {
        var committed = File.Exists(RepositoryFiles.PathOf(relativePath)) ? RepositoryFiles.Read(relativePath).ReplaceLineEndings("\n") : null;
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
}
