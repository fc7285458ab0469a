using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// README's "Running in production", as written, from a fresh clone: <c>dotnet publish</c>, a hash from the published
/// app's <c>hash-password</c>, its <c>migrate</c> on an empty database, then <c>dotnet Executors.Api.dll</c> from its folder
/// with the documented environment (no MigrateOnStartup). It runs as Production (not the launch profile's Development), serves the configured user over HTTPS, redirects
/// plain HTTP except the health checks, and has no demo users.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ProductionPathTests(PostgresServer postgres) : IDisposable
{
    private const string Password = "a long production password";

    /// <summary>A Release publish of a fresh clone on two busy cores: a bound, not an expectation.</summary>
    private static readonly TimeSpan PublishBound = TimeSpan.FromMinutes(6);

    private readonly TestCertificate _certificate = new();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task PublishedApp_AsTheReadmeSays_RunsProductionWithHttpHealthChecksAndOnlyTheConfiguredUser()
    {
        // Arrange: the README's steps 1 and 2.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var clone = await RunScriptClone.CreateAsync(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, cancellationToken);
        var app = Path.Combine(clone.Root, ".local", "published");
        var publish = await RunAsync("dotnet", ["publish", "src/Executors.Api", "-c", "Release", "-o", app, "-nologo", "-v", "q"], clone.Root, null, null, PublishBound);
        Assert.True(publish.ExitCode == 0, $"publish failed:\n{publish.Output}\n{publish.Error}");
        var hash = await RunAsync("dotnet", [Path.Combine(app, "Executors.Api.dll"), "hash-password"], clone.Root, Password + "\n", null, TimeSpan.FromMinutes(1));
        Assert.Equal(0, hash.ExitCode);

        // Act: step 3, the migrations on an empty database, from the published folder; then step 4, the start.
        var database = await EmptyDatabase.CreateAsync(postgres, "executors_production_path", cancellationToken);
        var migrate = await RunAsync(
            "dotnet",
            ["Executors.Api.dll", "migrate"],
            app,
            null,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ConnectionStrings__Executors"] = database },
            TimeSpan.FromMinutes(2));
        Assert.True(migrate.ExitCode == 0, $"migrate failed:\n{migrate.Output}\n{migrate.Error}");
        Assert.StartsWith("applied ", migrate.Output, StringComparison.Ordinal);
        var (httpPort, httpsPort) = (LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort());
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort};https://127.0.0.1:{httpsPort}",
            ["Kestrel__Certificates__Default__Path"] = _certificate.CertificatePath,
            ["Kestrel__Certificates__Default__KeyPath"] = _certificate.KeyPath,
            ["ConnectionStrings__Executors"] = database,
            ["Authentication__Users__0__UserName"] = "trading-desk",
            ["Authentication__Users__0__PasswordHash"] = hash.Output.Trim(),
            ["Authentication__Users__0__Roles__0"] = "reader",
            ["Authentication__Users__0__Accounts__0"] = "*",
        };
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("Executors.Api.dll");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var api = Process.Start(start)!;
        var log = new StringBuilder();
        api.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        api.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            using var https = new HttpClient(_certificate.PinnedHandler()) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}") };
            await WaitUntilLiveAsync(http, api, log);

            // Assert
            using var ready = await http.GetAsync("/health/ready", cancellationToken);
            using var plain = await http.GetAsync("/executors/SomeExecutor", cancellationToken);
            using var user = await GetAsync(https, "trading-desk", Password, cancellationToken);
            using var demo = await GetAsync(https, "admin", "admin", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, user.StatusCode); // signed in, and no such executor
            Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode); // Development's demo users are not there
            lock (log)
            {
                Assert.Contains("\"EnvName\":\"Production\"", log.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string userName, string password, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/executors/SomeExecutor");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        return await client.SendAsync(request, cancellationToken);
    }

    private static async Task WaitUntilLiveAsync(HttpClient http, Process api, StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(api.HasExited, $"the API exited with {(api.HasExited ? api.ExitCode : 0)}:\n{log}");
            try
            {
                using var live = await http.GetAsync("/health/live", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, live.StatusCode); // over plain HTTP: never redirected
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }

        Assert.Fail($"the API did not answer /health/live within 90 s:\n{log}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string directory, string? input, IReadOnlyDictionary<string, string>? environment, TimeSpan bound)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return await BoundedProcess.RunAsync(start, bound, input ?? string.Empty, TestContext.Current.CancellationToken);
    }
}
