using System.Net;
using System.Net.Sockets;

namespace Executors.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's server binaries, for machines without a Docker engine:
/// initdb in a temp folder, started on a free loopback port, stopped and deleted afterwards. initdb refuses to run as
/// root, so as root the folder is given to the <c>postgres</c> user and the tools run through <c>runuser</c>.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly bool _asPostgresUser;

    private LocalPostgresCluster(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>The folder holding initdb and pg_ctl, or <see langword="null"/> when the machine has none.</summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("EXECUTORS_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(debianRoot)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    public static async Task<LocalPostgresCluster> StartAsync(string binDirectory, CancellationToken cancellationToken)
    {
        var asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("executors-pg-").FullName;
        var cluster = new LocalPostgresCluster(binDirectory, root, FreePort(), asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await ToolProcess.RunAsync("chown", ["postgres:postgres", root], cancellationToken);
            }

            await cluster.RunToolAsync(
                "initdb",
                ["-D", cluster._dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                cancellationToken);
            await cluster.StartServerAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server at once (as a crash would); the cluster can be started again.</summary>
    public Task StopAsync() => StopAsync("immediate");

    /// <summary>
    /// Stops the server: <c>fast</c> is an operator's restart (sessions are ended, in-flight queries fail with 57P01),
    /// <c>immediate</c> a crash. The cluster can be started again with <see cref="StartServerAsync"/>.
    /// </summary>
    public Task StopAsync(string mode) =>
        RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-m", mode, "-w", "stop"], CancellationToken.None);

    /// <summary>Starts the server on its port (again, after a stop); returns once it accepts connections.</summary>
    public Task StartServerAsync(CancellationToken cancellationToken) =>
        RunToolAsync(
            "pg_ctl",
            [
                "-D", _dataDirectory, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "30", "start",
                "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            ],
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<string> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? ToolProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : ToolProcess.RunAsync(path, arguments, cancellationToken);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
