using System.Globalization;
using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Executors.Testing.Postgres;

/// <summary>
/// A PostgreSQL primary and a hot standby streaming from it, from the machine's server binaries (as
/// <see cref="LocalPostgresCluster"/> finds them; as root the tools run as <c>postgres</c>, the same way): initdb with
/// <c>wal_level=replica</c>, a replication role and its pg_hba line, the real migrations, then
/// <c>pg_basebackup -R</c> into a second folder started on another free port with <c>hot_standby=on</c>. Both servers
/// are stopped by their postmaster PIDs when disposed and the folders deleted. Each test that changes the topology
/// (pausing replay, stopping the standby) takes one of its own.
/// </summary>
public sealed class ReplicatedPostgres : IAsyncDisposable
{
    public const string DatabaseName = "executors_replicated";
    private const string ReplicationUser = "replicator";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private ReplicatedPostgres(string binDirectory, string root, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asPostgresUser = asPostgresUser;
        PrimaryPort = LocalPostgresCluster.FreePort();
        StandbyPort = LocalPostgresCluster.FreePort();
    }

    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    /// <summary>The primary's postmaster PID (0 until started).</summary>
    public int PrimaryPid { get; private set; }

    /// <summary>The standby's postmaster PID (0 until started or once stopped).</summary>
    public int StandbyPid { get; private set; }

    /// <summary>The migrated database on the primary: <c>ConnectionStrings:Executors</c>.</summary>
    public string PrimaryConnectionString => For($"127.0.0.1:{PrimaryPort}");

    /// <summary>The same database on the standby alone.</summary>
    public string StandbyConnectionString => For($"127.0.0.1:{StandbyPort}");

    /// <summary>
    /// Both servers, standby first, as an operator writes <c>ConnectionStrings:ExecutorsRead</c> (the API adds
    /// <c>prefer-standby</c> and load balancing when the string does not say).
    /// </summary>
    public string ReadConnectionString => For($"127.0.0.1:{StandbyPort},127.0.0.1:{PrimaryPort}");

    /// <summary>Both servers, standby first, with no target: what a multi-host <c>ConnectionStrings:Executors</c> looks like.</summary>
    public string BothHostsConnectionString => ReadConnectionString;

    private string PrimaryData => Path.Combine(_root, "primary");

    private string StandbyData => Path.Combine(_root, "standby");

    /// <param name="cancellationToken">Bounds the whole start.</param>
    /// <param name="applyDelay">The standby's <c>recovery_min_apply_delay</c>: a lag it always has (none by default).</param>
    public static async Task<ReplicatedPostgres> StartAsync(CancellationToken cancellationToken, TimeSpan? applyDelay = null)
    {
        var bin = LocalPostgresCluster.FindBinaries() ?? throw new InvalidOperationException(
            "The replication tests need PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup): install postgresql " +
            "(Debian: /usr/lib/postgresql/<major>/bin) or set EXECUTORS_PG_BIN.");
        var asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("executors-replica-").FullName;
        var servers = new ReplicatedPostgres(bin, root, asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await ToolProcess.RunAsync("chown", ["postgres:postgres", root], cancellationToken);
            }

            await servers.RunToolAsync(
                "initdb",
                ["-D", servers.PrimaryData, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                cancellationToken);
            // Only the replication role may stream, from loopback only (initdb's own replication lines are replaced).
            var hba = Path.Combine(servers.PrimaryData, "pg_hba.conf");
            var lines = (await File.ReadAllLinesAsync(hba, cancellationToken))
                .Where(line => !line.TrimStart().StartsWith("local", StringComparison.Ordinal) || !line.Contains("replication", StringComparison.Ordinal))
                .Where(line => !line.TrimStart().StartsWith("host", StringComparison.Ordinal) || !line.Contains("replication", StringComparison.Ordinal))
                .Append($"host replication {ReplicationUser} 127.0.0.1/32 trust");
            await File.WriteAllLinesAsync(hba, lines, cancellationToken);

            await servers.StartServerAsync(servers.PrimaryData, servers.PrimaryPort, "-c wal_level=replica -c max_wal_senders=4", cancellationToken);
            servers.PrimaryPid = await PostmasterPidAsync(servers.PrimaryData, cancellationToken);
            await ExecuteAsync(For($"127.0.0.1:{servers.PrimaryPort}", "postgres"), $"CREATE ROLE {ReplicationUser} WITH REPLICATION LOGIN", cancellationToken);

            // The real migrations, as the API applies them (they create the database), before the copy: the standby
            // starts with the schema.
            await using (var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(servers.PrimaryConnectionString).Options))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            await servers.RunToolAsync(
                "pg_basebackup",
                ["-D", servers.StandbyData, "-h", "127.0.0.1", "-p", servers.PrimaryPort.ToString(CultureInfo.InvariantCulture), "-U", ReplicationUser, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
                cancellationToken);
            var delay = applyDelay is { } lag ? $" -c recovery_min_apply_delay={(int)lag.TotalMilliseconds}ms" : string.Empty;
            await servers.StartServerAsync(servers.StandbyData, servers.StandbyPort, "-c hot_standby=on" + delay, cancellationToken);
            servers.StandbyPid = await PostmasterPidAsync(servers.StandbyData, cancellationToken);
            await servers.WaitForReplayAsync(cancellationToken);
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Holds the standby's replay where it is (<c>pg_wal_replay_pause()</c>): it keeps receiving, applies nothing.</summary>
    public Task PauseReplayAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(StandbyConnectionString, "SELECT pg_wal_replay_pause()", cancellationToken);

    public Task ResumeReplayAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(StandbyConnectionString, "SELECT pg_wal_replay_resume()", cancellationToken);

    /// <summary>Returns once the standby has replayed everything the primary had written when asked.</summary>
    public async Task WaitForReplayAsync(CancellationToken cancellationToken)
    {
        var target = await ScalarAsync<NpgsqlLogSequenceNumber>(PrimaryConnectionString, "SELECT pg_current_wal_insert_lsn()", cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var replayed = await ScalarAsync<object>(StandbyConnectionString, "SELECT pg_last_wal_replay_lsn()", bound.Token);
            if (replayed is NpgsqlLogSequenceNumber position && position >= target)
            {
                return;
            }

            await Task.Delay(20, bound.Token);
        }
    }

    /// <summary>Stops the standby at once (a crash), by its postmaster PID.</summary>
    public async Task StopStandbyAsync()
    {
        await StopAsync(StandbyData, StandbyPid);
        StandbyPid = 0;
    }

    /// <summary>Stops the primary at once (a crash), by its postmaster PID; the standby stays a standby (no promotion).</summary>
    public async Task StopPrimaryAsync()
    {
        await StopAsync(PrimaryData, PrimaryPid);
        PrimaryPid = 0;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAsync(StandbyData, StandbyPid);
        await StopAsync(PrimaryData, PrimaryPid);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string For(string hosts, string database = DatabaseName) =>
        new NpgsqlConnectionStringBuilder { Host = hosts, Username = "postgres", Database = database }.ConnectionString;

    private Task<string> StartServerAsync(string data, int port, string options, CancellationToken cancellationToken) =>
        RunToolAsync(
            "pg_ctl",
            [
                "-D", data, "-l", data + ".log", "-w", "-t", "30", "start",
                "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 {options}",
            ],
            cancellationToken);

    private static async Task<int> PostmasterPidAsync(string data, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid"), cancellationToken);
        return int.Parse(lines[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Immediate shutdown, sent to the postmaster PID recorded at start (SIGQUIT, what <c>pg_ctl -m immediate</c>
    /// sends), then waits for the process to end; nothing is signalled by name.
    /// </summary>
    private static async Task StopAsync(string data, int pid)
    {
        if (pid == 0 || !File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            await ToolProcess.RunAsync("kill", ["-QUIT", pid.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(bound.Token);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Ended between the look-up and the signal.
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private Task<string> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? ToolProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : ToolProcess.RunAsync(path, arguments, cancellationToken);
    }
}
