using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// The two documented ways to make a password hash print the hash line on standard output and nothing else, so that
/// <c>HASH=$(…)</c> captures exactly it: <c>scripts/hash-password.sh</c> from a fresh clone (it builds first, quietly,
/// to standard error), started from another directory, and the published app's <c>dotnet Executors.Api.dll hash-password</c>.
/// </summary>
[UnsupportedOSPlatform("windows")] // a bash script
public sealed class HashPasswordScriptTests
{
    private const string Password = "correct horse battery staple";

    /// <summary>A Release build of a fresh clone on two busy cores: a bound, not an expectation.</summary>
    private static readonly TimeSpan BuildBound = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Script_FromFreshCloneAndAnotherDirectory_PrintsOnlyTheHashOnStdout()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var clone = await RunScriptClone.CreateAsync(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, cancellationToken);

        // Act: from /, not from the clone.
        var (exitCode, output, error) = await RunAsync("bash", [Path.Combine(clone.Root, "scripts", "hash-password.sh")], "/", BuildBound);

        // Assert
        Assert.True(exitCode == 0, $"exit {exitCode}:\n{error}");
        AssertOnlyAHashOf(output);
    }

    [Fact]
    public async Task PublishedApp_HashPassword_PrintsOnlyTheHashOnStdout()
    {
        // Act: as in the published app's folder (the test's output holds the same Executors.Api.dll).
        var (exitCode, output, error) = await RunAsync("dotnet", ["Executors.Api.dll", "hash-password"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));

        // Assert
        Assert.True(exitCode == 0, $"exit {exitCode}:\n{error}");
        AssertOnlyAHashOf(output);
    }

    /// <summary>Exactly one line, ending in a newline, that is a hash the API takes and that verifies the password.</summary>
    private static void AssertOnlyAHashOf(string output)
    {
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        var line = output[..^1];
        Assert.DoesNotContain('\n', line);
        Assert.True(PasswordHash.TryParse(line, out var hash), $"not a password hash: '{output}'");
        Assert.True(hash!.Verify(Encoding.UTF8.GetBytes(Password)));
        Assert.True(hash.Iterations >= PasswordPolicy.OwaspMinimumIterations);
    }

    /// <summary>Runs to its exit with the password piped in; killed by its PID if it outlives the bound.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, IReadOnlyList<string> arguments, string directory, TimeSpan bound)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return await BoundedProcess.RunAsync(start, bound, Password + "\n", TestContext.Current.CancellationToken);
    }
}
