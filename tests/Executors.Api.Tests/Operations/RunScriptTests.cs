using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Executors.Api.Tests.Infrastructure;
using Npgsql;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// The real <c>./run.sh</c>, end to end, from a fresh clone of the committed HEAD, as a new user starts it: it builds in
/// Release, makes its own PostgreSQL, serves the demo data and stops everything on SIGTERM. Its database accepts only
/// the password kept in <c>.local/</c>. Run as root (as CI does), the first test is the new server's first run: root,
/// from a folder the <c>postgres</c> user cannot enter (root's home is mode 700).
/// </summary>
[UnsupportedOSPlatform("windows")] // a bash script, file modes, /proc
public sealed class RunScriptTests
{
    private const string DemoExecutorId = "Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB";

    /// <summary>Build (Release, two busy cores), initdb, migrations and the demo seed: a bound, not an expectation.</summary>
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(6);

    private static readonly TimeSpan StopBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunScript_FreshCloneInPrivateFolder_ServesDemoDataOnPasswordOnlyDatabaseAndStopsEverythingOnSigterm()
    {
        // Arrange: a mode-700 folder, like root's home.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var clone = await RunScriptClone.CreateAsync(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, cancellationToken);
        var (httpPort, httpsPort, pgPort) = (LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort());

        // Act
        clone.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort};https://127.0.0.1:{httpsPort}",
            ["PGPORT"] = $"{pgPort}",
        });
        await clone.WaitForBannerAsync(StartBound, cancellationToken);
        var (api, postgres) = clone.FindServers();

        // Assert: where the data lives. Root's cluster cannot live in a folder the postgres user cannot enter: it is kept
        // outside the clone, recorded in .local/pgdata-location, and the script says where and why.
        if (RunScriptClone.IsRoot)
        {
            var outside = clone.OutsideLocation;
            Assert.True(outside is not null, $"no .local/pgdata-location after a run as root from a private folder:\n{clone.Output}");
            Assert.False(outside.StartsWith(clone.Root + "/", StringComparison.Ordinal), outside);
            Assert.Contains(ScriptLines(clone.Output), line => line.Contains(outside, StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(clone.Local, "pgdata")), "an empty .local/pgdata was left behind");
        }
        else
        {
            Assert.Null(clone.OutsideLocation);
        }

        // The database: the password works, none or a wrong one does not, and every pg_hba rule asks for scram.
        var password = await AssertPasswordKeptPrivatelyAsync(clone);
        await AssertPasswordOnlyAsync(pgPort, password, cancellationToken);

        // The API: the demo executor over HTTP, and HTTPS with the self-signed certificate made in .local/.
        await AssertDemoExecutorServedAsync(httpPort, cancellationToken);
        using (var https = PinnedClient(Path.Combine(clone.Local, "dev-cert.pem"), httpsPort))
        using (var ready = await https.GetAsync("/health/ready", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // The sample engine beside the API, as the demo user: it takes over the demo's RUNNING executors (their seeded
        // lease has run out) and moves them; its output goes to the log file the banner names.
        var engine = clone.FindSampleEngine();
        Assert.Contains(".local/sample-engine.log", clone.Output, StringComparison.Ordinal);
        await AssertDemoExecutorRunByTheSampleEngineAsync(httpPort, cancellationToken);
        Assert.Contains("sample-engine-1", await File.ReadAllTextAsync(Path.Combine(clone.Local, "sample-engine.log"), cancellationToken), StringComparison.Ordinal);

        // SIGTERM stops the engine, the API and the database; nothing of the run is left.
        await AssertSigtermStopsEverythingAsync(clone, api, postgres);
        Assert.False(engine.IsAlive, $"the sample engine (pid {engine.Pid}) still runs after run.sh stopped:\n{clone.Output}");
    }

    /// <summary>Within a minute the demo's example executor (RUNNING, seeded) reports the sample engine's ticks.</summary>
    private static async Task AssertDemoExecutorRunByTheSampleEngineAsync(int httpPort, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:admin"u8.ToArray()));
        var clock = Stopwatch.StartNew();
        var body = string.Empty;
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            body = await client.GetStringAsync($"/executors/{DemoExecutorId}", cancellationToken);
            using var record = System.Text.Json.JsonDocument.Parse(body);
            if (record.RootElement.GetProperty("custom_info") is { ValueKind: System.Text.Json.JsonValueKind.Object } info
                && info.TryGetProperty("engine_id", out var engineId) && engineId.GetString() == "sample-engine-1")
            {
                Assert.Equal("RUNNING", record.RootElement.GetProperty("status").GetString());
                return;
            }

            await Task.Delay(500, cancellationToken);
        }

        Assert.Fail($"the demo executor was not taken over by the sample engine within a minute: {body}");
    }

    [Fact]
    public async Task RunScript_ClusterMadeWithTrustByAnEarlierRun_UpgradesItToPasswordAuthenticationAndKeepsTheData()
    {
        // Arrange: an open folder (the postgres user can enter it), holding what the earlier run.sh made: .local/pgdata
        // with trust authentication, an executors database, and some data of the user's.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var clone = await RunScriptClone.CreateAsync(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            cancellationToken);
        var (httpPort, pgPort) = (LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort());
        await MakeTrustClusterAsEarlierRunDidAsync(clone, pgPort, cancellationToken);

        // Act
        clone.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["PGPORT"] = $"{pgPort}",
        });
        await clone.WaitForBannerAsync(StartBound, cancellationToken);
        var (api, postgres) = clone.FindServers();

        // Assert: upgraded in place, said so in one line, the data kept.
        Assert.Null(clone.OutsideLocation);
        Assert.Single(ScriptLines(clone.Output), line => line.Contains("trust", StringComparison.Ordinal) && line.Contains("scram-sha-256", StringComparison.Ordinal));
        var password = await AssertPasswordKeptPrivatelyAsync(clone);
        await AssertPasswordOnlyAsync(pgPort, password, cancellationToken);
        await using (var connection = await OpenAsync(pgPort, password, cancellationToken))
        await using (var command = new NpgsqlCommand("SELECT note FROM kept_from_before", connection))
        {
            Assert.Equal("made when the cluster trusted everyone", await command.ExecuteScalarAsync(cancellationToken));
        }

        await AssertDemoExecutorServedAsync(httpPort, cancellationToken);
        await AssertSigtermStopsEverythingAsync(clone, api, postgres);
    }

    /// <summary>.local/pg-password: mode 600, and the secret appears in no output, no other file, no command line.</summary>
    private static async Task<string> AssertPasswordKeptPrivatelyAsync(RunScriptClone clone)
    {
        var file = Path.Combine(clone.Local, "pg-password");
        Assert.True(File.Exists(file), $"no .local/pg-password:\n{clone.Output}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var password = (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim();
        Assert.True(password.Length >= 24, "the generated password is too short");

        Assert.DoesNotContain(password, clone.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(RunScriptClone.AllCommandLines(), line => line.Contains(password, StringComparison.Ordinal));
        var folders = new[] { clone.Local, clone.OutsideLocation }.OfType<string>();
        var secret = Encoding.UTF8.GetBytes(password);
        var copies = folders
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(path => path != file && File.ReadAllBytes(path).AsSpan().IndexOf(secret) >= 0)
            .ToList();
        Assert.True(copies.Count == 0, $"the password is also in: {string.Join(", ", copies)}");
        return password;
    }

    /// <summary>No password, or a wrong one, is refused; with the password every pg_hba rule is scram-sha-256.</summary>
    private static async Task AssertPasswordOnlyAsync(int pgPort, string password, CancellationToken cancellationToken)
    {
        var withoutPassword = await Record.ExceptionAsync(async () =>
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=postgres;Timeout=10;Passfile=/dev/null");
            await connection.OpenAsync(cancellationToken);
        });
        Assert.Contains("password", Assert.IsType<NpgsqlException>(withoutPassword).Message, StringComparison.OrdinalIgnoreCase);

        var wrongPassword = await Record.ExceptionAsync(async () =>
        {
            await using var connection = await OpenAsync(pgPort, "not-the-password", cancellationToken);
        });
        Assert.Equal(PostgresErrorCodes.InvalidPassword, Assert.IsType<PostgresException>(wrongPassword).SqlState);

        await using var connection = await OpenAsync(pgPort, password, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT array_agg(DISTINCT type || ' ' || auth_method) FROM pg_hba_file_rules", connection);
        var rules = (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
        Assert.All(rules, rule => Assert.EndsWith(" scram-sha-256", rule, StringComparison.Ordinal));
        Assert.Contains("local scram-sha-256", rules);
        Assert.Contains("host scram-sha-256", rules);
    }

    private static async Task AssertDemoExecutorServedAsync(int httpPort, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using (var ready = await client.GetAsync("/health/ready", cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{DemoExecutorId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:admin"u8.ToArray()));
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(DemoExecutorId, await response.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    private static async Task AssertSigtermStopsEverythingAsync(RunScriptClone clone, ProcessId api, ProcessId postgres)
    {
        Assert.True(await clone.TerminateAsync(StopBound), $"run.sh still running {StopBound} after SIGTERM:\n{clone.Output}");
        Assert.Equal(143, clone.ExitCode); // 128 + SIGTERM: the script's own trap, after its clean-up

        // The API and the postmaster were waited for by the script; allow a moment for the zombies to be reaped.
        var clock = Stopwatch.StartNew();
        while ((api.IsAlive || postgres.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.False(api.IsAlive, $"the API (pid {api.Pid}) still runs after run.sh stopped:\n{clone.Output}");
        Assert.False(postgres.IsAlive, $"PostgreSQL (pid {postgres.Pid}) still runs after run.sh stopped:\n{clone.Output}");
        Assert.False(File.Exists(Path.Combine(clone.DataDirectory, "postmaster.pid")), "PostgreSQL was not shut down cleanly");
        Assert.Empty(clone.ProcessesLeft());
    }

    /// <summary>What the earlier run.sh made: initdb -A trust in .local/pgdata (as the postgres user when root), and
    /// createdb executors; plus a table of the user's. The cluster is left stopped, as the script leaves it.</summary>
    private static async Task MakeTrustClusterAsEarlierRunDidAsync(RunScriptClone clone, int pgPort, CancellationToken cancellationToken)
    {
        var bin = LocalPostgresCluster.FindBinaries() ?? throw new InvalidOperationException("No PostgreSQL server binaries (initdb, pg_ctl).");
        var data = Path.Combine(clone.Local, "pgdata");
        var log = Path.Combine(clone.Local, "postgres.log");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(log, string.Empty, cancellationToken);
        if (RunScriptClone.IsRoot)
        {
            await ToolProcess.RunAsync("chown", ["postgres:postgres", data, log], cancellationToken);
        }

        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await AsPostgresAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], cancellationToken);
        await AsPostgresAsync(
            Path.Combine(bin, "pg_ctl"),
            ["-D", data, "-l", log, "-w", "-t", "30", "start", "-o", $"-p {pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"],
            cancellationToken);
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=postgres;Passfile=/dev/null");
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "CREATE DATABASE executors; CREATE TABLE kept_from_before (note text); INSERT INTO kept_from_before VALUES ('made when the cluster trusted everyone')",
                connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await AsPostgresAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], CancellationToken.None);
        }
    }

    private static Task<string> AsPostgresAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunScriptClone.IsRoot
            ? ToolProcess.RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments], cancellationToken)
            : ToolProcess.RunAsync(tool, arguments, cancellationToken);

    private static async Task<NpgsqlConnection> OpenAsync(int pgPort, string password, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = pgPort,
                Username = "postgres",
                Password = password,
                Database = "postgres",
                Timeout = 10,
                Pooling = false,
            }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static HttpClient PinnedClient(string certificatePath, int httpsPort)
    {
        Assert.True(File.Exists(certificatePath), $"no {certificatePath}");
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The script's own lines (its "==> " messages and errors), without the API's log.</summary>
    private static IEnumerable<string> ScriptLines(string output) =>
        output.Split('\n').Where(line => line.Contains("==> ", StringComparison.Ordinal) || line.StartsWith("run.sh:", StringComparison.Ordinal));
}
