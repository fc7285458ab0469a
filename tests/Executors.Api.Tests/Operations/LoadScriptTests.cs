using System.Diagnostics;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// Keeps scripts/load.sh, benchmarks/run.sh and the library they share (scripts/lib/common.sh) honest without running a
/// load: they parse, document themselves and refuse bad options.
/// </summary>
public sealed class LoadScriptTests
{
    private const string Script = "scripts/load.sh";
    private const string Benchmark = "benchmarks/run.sh";
    private const string Profile = "benchmarks/profile.sh";
    private const string Library = "scripts/lib/common.sh";
    private const string Chaos = "scripts/chaos.sh";

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

    [Theory]
    [InlineData(Benchmark)]
    [InlineData(Library)]
    [InlineData(Chaos)]
    [InlineData(Profile)]
    public async Task BenchmarkAndLibrary_Bash_ParseWithoutSyntaxErrors(string script)
    {
        // Act
        var (exitCode, _, error) = await BashAsync("-n", script);

        // Assert
        Assert.True(exitCode == 0, error);
    }

    [Fact]
    public async Task Chaos_Help_SaysWhatRunsAtOnceAndWhatFailsTheRun()
    {
        // Act
        var (exitCode, output, error) = await BashAsync(Chaos, "--help");

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.All(
            ["wrong passwords", "re-spelt", "1,000-row searches", "writers", "p99", "--write-docs", "Exits 1"],
            text => Assert.Contains(text, output, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("--duration", "0")]
    [InlineData("--duration", "1h")]
    [InlineData("--foreign-executors", "200000")]
    [InlineData("--p99-bound-ms", "x")]
    [InlineData("--bogus", "1")]
    public async Task Chaos_BadOption_ExitsWithUsageErrorBeforeStartingAnything(string option, string value)
    {
        // Act
        var (exitCode, _, error) = await BashAsync(Chaos, option, value);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("chaos.sh:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Benchmark_Help_DescribesScenariosQuickRunDocsAndHowToGetWrk()
    {
        // Act
        var (exitCode, output, error) = await BashAsync(Benchmark, "--help");

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.All(
            ["get-uncached", "get-cached", "search", "sweep", "--quick", "--write-docs", "--rounds", "--reuse", "apt-get install wrk"],
            text => Assert.Contains(text, output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--executors", "999")]
    [InlineData("--rounds", "0")]
    [InlineData("--duration", "20s")]
    [InlineData("--sweep-duration", "x")]
    [InlineData("--scenarios", "get-uncached,bogus")]
    [InlineData("--raw-port", "5091")]
    [InlineData("--bogus", "1")]
    public async Task Benchmark_BadOption_ExitsWithUsageErrorBeforeStartingAnything(string option, string value)
    {
        // Act: validation comes first, so this starts no database, build or app.
        var (exitCode, _, error) = await BashAsync(Benchmark, option, value);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains("run.sh:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Library_Sourced_ChecksCountsAndDiesWithTheCallersNameAndExitCode2()
    {
        // Act: what both scripts rely on — is_count's bounds, and die naming the script that sourced the library.
        var (exitCode, output, error) = await BashAsync(
            "-c",
            "set -euo pipefail; SCRIPT_NAME=caller.sh; ROOT=$(pwd); . " + Library + "; " +
            "is_count 5 1 10 && ! is_count 0 1 10 && ! is_count 5x 1 10 && echo counted; " +
            "rel \"$ROOT/docs/x.md\"; echo; die 'stopped here'");

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Equal("counted\ndocs/x.md\n", output.ReplaceLineEndings("\n"));
        Assert.Equal("caller.sh: stopped here\n", error.ReplaceLineEndings("\n"));
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
