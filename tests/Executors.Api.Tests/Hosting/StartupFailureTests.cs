using System.Diagnostics;
using System.Runtime.Versioning;
using Executors.Api.Hosting;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Hosting;

/// <summary>
/// The real API process (<c>dotnet Executors.Api.dll</c>, Production) refused a start for its configuration: it exits
/// non-zero, and standard error holds exactly one line that names the setting and the fix, with no exception dump. The
/// start is refused before any database is needed.
/// </summary>
[UnsupportedOSPlatform("windows")] // HOME decides where .NET looks for a developer certificate on Linux
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    private readonly string _home = Directory.CreateTempSubdirectory("executors-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    public static TheoryData<string, string[], string[]> Failures => new()
    {
        {
            "no users",
            [],
            ["No users are configured (Authentication:Users) in the Production environment", "scripts/hash-password.sh"]
        },
        {
            "a user without accounts",
            ["Authentication:Users:0:UserName=ops", "Authentication:Users:0:PasswordHash=" + Hash(), "Authentication:Users:0:Roles:0=reader"],
            ["Authentication:Users:0:Accounts is empty for user 'ops'", "\"*\" for every account"]
        },
        {
            "a bad hash",
            ["Authentication:Users:0:UserName=ops", "Authentication:Users:0:PasswordHash=secret", "Authentication:Users:0:Accounts:0=*"],
            ["Authentication:Users:0:PasswordHash is not a password hash this API accepts", "scripts/hash-password.sh"]
        },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Start_InvalidConfiguration_ExitsWithOneLineNamingTheFix(string _, string[] settings, string[] expected)
    {
        // Act
        var (exitCode, output, error) = await RunAsync("http://127.0.0.1:" + LocalPostgresCluster.FreePort(), settings);

        // Assert
        Assert.Equal(StartupFailure.ExitCode, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(StartupFailure.Prefix, line, StringComparison.Ordinal);
        foreach (var part in expected)
        {
            Assert.Contains(part, line, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HttpsWithoutCertificate_ExitsWithOneLineNamingKestrelCertificateSettingsNotDevCerts()
    {
        // Arrange: valid users, an HTTPS URL, no certificate anywhere (HOME is empty: no developer certificate either).
        var users = TestUsers.ProductionStrengthSettings.Select(setting => $"{setting.Key}={setting.Value}").ToArray();

        // Act
        var (exitCode, output, error) = await RunAsync("https://127.0.0.1:" + LocalPostgresCluster.FreePort(), users);

        // Assert
        Assert.Equal(StartupFailure.ExitCode, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Equal(StartupFailure.Prefix + StartupFailure.NoCertificate, line);
        Assert.Contains("Kestrel:Certificates:Default:Path", line, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-certs", output + error, StringComparison.Ordinal); // nor in the log: refused before Kestrel looks
    }

    private static string Hash() => TestUsers.ProductionStrengthSettings.First(setting => setting.Key.EndsWith("PasswordHash", StringComparison.Ordinal)).Value;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The API as an operator starts the published app, to its exit (killed by its PID if it outlives the bound).</summary>
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string urls, IEnumerable<string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Executors.Api.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = urls;
        start.Environment["HOME"] = _home;
        start.Environment["DOTNET_CLI_HOME"] = _home;
        foreach (var setting in settings)
        {
            var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return await BoundedProcess.RunAsync(start, ExitBound, null, TestContext.Current.CancellationToken);
    }
}
