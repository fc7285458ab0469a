using System.Diagnostics;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Operations;

/// <summary>Keeps scripts/load.sh honest without running a load: it parses, documents itself and refuses bad options.</summary>
public sealed class LoadScriptTests
{
    private const string Script = "scripts/load.sh";

    [Fact]
    public async Task LoadScript_Bash_ParsesWithoutSyntaxErrors()
    {
        // Act
        var (exitCode, _, error) = await BashAsync("-n", Script);

        // Assert
        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task LoadScript_Help_DescribesSoakAndHowToGetWrk()
    {
        // Act
        var (exitCode, output, error) = await BashAsync(Script, "--help");

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.Contains("--soak", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install wrk", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--executors", "0")]
    [InlineData("--executors", "6000000")]
    [InlineData("--duration", "10m")]
    [InlineData("--connections", "x")]
    [InlineData("--bogus", "1")]
    public async Task LoadScript_BadOption_ExitsWithUsageErrorBeforeStartingAnything(string option, string value)
    {
        // Act: validation comes first, so this starts no database, build or API.
        var (exitCode, _, error) = await BashAsync(Script, option, value);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("load.sh:", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> BashAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
