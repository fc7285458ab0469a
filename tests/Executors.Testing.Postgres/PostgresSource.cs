using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using DotNet.Testcontainers.Configurations;

namespace Executors.Testing.Postgres;

/// <summary>How a run asks for its PostgreSQL (<see cref="PostgresSource.ModeVariable"/>).</summary>
public enum PostgresSourceMode
{
    /// <summary>Testcontainers where a usable Docker engine answers, else the local cluster — saying so loudly when an engine answers but cannot be used.</summary>
    Auto,

    /// <summary>Testcontainers only: a run that cannot have them fails, naming why.</summary>
    Containers,

    /// <summary>The local cluster from the machine's server binaries, without asking Docker.</summary>
    Local,
}

/// <summary>
/// Decides where the tests' PostgreSQL comes from and says so. Never a silent switch: a Docker engine that answers but
/// that Testcontainers refuses (the API-version and reaper traps of docs/adr/0003) is reported with the fix, and is a
/// failure when the run asked for containers.
/// </summary>
public static class PostgresSource
{
    /// <summary><c>containers</c>, <c>local</c> or <c>auto</c> (the default).</summary>
    public const string ModeVariable = "EXECUTORS_TEST_POSTGRES";

    /// <summary>The name of the report file, in the repository's <c>TestResults</c> folder, one line per test assembly.</summary>
    public const string ReportFileName = "postgres-source.txt";

    private const string ContainerHints =
        "Testcontainers 4.16 asks for Docker API 1.44 (Debian's engine serves 1.41: set DOCKER_API_VERSION=1.41) and pulls " +
        "its reaper image first (without a registry: TESTCONTAINERS_RYUK_DISABLED=true); without a registry the image " +
        $"{PostgresServer.Image} must exist locally (scripts/docker/standin-images.sh builds one).";

    /// <summary>The mode the run asked for.</summary>
    public static PostgresSourceMode RequestedMode() => ParseMode(Environment.GetEnvironmentVariable(ModeVariable));

    /// <summary>Parses a <see cref="ModeVariable"/> value; an unknown one is an error, not a guess.</summary>
    public static PostgresSourceMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => PostgresSourceMode.Auto,
        "containers" or "container" or "testcontainers" or "docker" => PostgresSourceMode.Containers,
        "local" => PostgresSourceMode.Local,
        _ => throw new InvalidOperationException(
            $"{ModeVariable}='{value}' is not understood: use 'containers' (Testcontainers on a Docker engine), " +
            "'local' (a throwaway cluster from the machine's PostgreSQL server binaries) or 'auto' (the default)."),
    };

    /// <summary>
    /// Starts a server the way the run asks: <paramref name="startContainer"/> through Testcontainers or
    /// <paramref name="startLocal"/> from the server binaries, reporting the choice as <paramref name="purpose"/>.
    /// </summary>
    public static Task<T> StartAsync<T>(
        string purpose,
        Func<CancellationToken, Task<T>> startContainer,
        Func<string, CancellationToken, Task<T>> startLocal,
        CancellationToken cancellationToken) =>
        StartAsync(
            new Surroundings(
                RequestedMode(),
                () => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null,
                token => ProbeDockerEngineAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), token),
                LocalPostgresCluster.FindBinaries,
                Announce),
            purpose,
            startContainer,
            startLocal,
            cancellationToken);

    /// <summary>The same decision in given <paramref name="surroundings"/> (what the machine has), for its tests.</summary>
    public static async Task<T> StartAsync<T>(
        Surroundings surroundings,
        string purpose,
        Func<CancellationToken, Task<T>> startContainer,
        Func<string, CancellationToken, Task<T>> startLocal,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(surroundings);
        var mode = surroundings.Mode;
        string? unusableDocker = null;
        if (mode != PostgresSourceMode.Local)
        {
            if (surroundings.TestcontainersSeesEngine())
            {
                try
                {
                    var server = await startContainer(cancellationToken);
                    surroundings.Announce($"{purpose}: Testcontainers ({PostgresServer.Image}) on the Docker engine");
                    return server;
                }
                catch (Exception exception) when (mode == PostgresSourceMode.Auto && exception is not OperationCanceledException)
                {
                    unusableDocker = $"a Docker engine answers but the PostgreSQL container did not start " +
                        $"({exception.GetType().Name}: {FirstLine(exception.Message)}). {ContainerHints}";
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    throw new InvalidOperationException(
                        $"{ModeVariable}=containers, but the PostgreSQL container did not start: {FirstLine(exception.Message)}. " +
                        ContainerHints, exception);
                }
            }
            else
            {
                var engine = await surroundings.ProbeEngine(cancellationToken);
                if (engine is not null)
                {
                    unusableDocker = $"a Docker engine answers at {engine} but Testcontainers refused it. {ContainerHints}";
                }

                if (mode == PostgresSourceMode.Containers)
                {
                    throw new InvalidOperationException(
                        $"{ModeVariable}=containers, but Testcontainers found no usable Docker engine" +
                        (engine is null ? " (none answered; start dockerd or set DOCKER_HOST). " : $": {unusableDocker}") +
                        (engine is null ? ContainerHints : string.Empty));
                }
            }
        }

        if (surroundings.FindBinaries() is not { } bin)
        {
            throw new InvalidOperationException(
                "The integration tests need PostgreSQL and found none: " +
                (unusableDocker ?? (mode == PostgresSourceMode.Local
                    ? $"{ModeVariable}=local, and"
                    : "no Docker engine answered, and")) +
                " no PostgreSQL server binaries (initdb, pg_ctl) were found under /usr/lib/postgresql/*/bin. Start Docker, " +
                "or install the server (Debian/Ubuntu: apt-get install postgresql), or set EXECUTORS_PG_BIN to the folder " +
                "holding initdb.");
        }

        var local = await startLocal(bin, cancellationToken);
        surroundings.Announce(unusableDocker is null
            ? $"{purpose}: local cluster from {bin}" + (mode == PostgresSourceMode.Local ? $" ({ModeVariable}=local)" : " (no Docker engine answered)")
            : $"{purpose}: local cluster from {bin} — WARNING: {unusableDocker} Set {ModeVariable}=local to choose this quietly, or {ModeVariable}=containers to fail instead.");
        return local;
    }

    /// <summary>
    /// Says which PostgreSQL a test assembly uses: on the terminal when there is one (dotnet test does not show a test
    /// process's own output) and in <c>TestResults/postgres-source.txt</c> at the repository's root.
    /// </summary>
    public static void Announce(string line)
    {
        var assembly = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";
        var text = $"[{assembly}] PostgreSQL for the tests: {line}";
        LastAnnouncement = text;
        try
        {
            using var tty = new StreamWriter(new FileStream("/dev/tty", FileMode.Open, FileAccess.Write));
            tty.WriteLine(text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // No terminal (CI): the report file and the failure messages say it.
        }

        Console.Error.WriteLine(text);
        if (ReportDirectory() is { } directory)
        {
            Directory.CreateDirectory(directory);
            File.AppendAllText(
                Path.Combine(directory, ReportFileName),
                $"{DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture)} {text}{Environment.NewLine}");
        }
    }

    /// <summary>What <see cref="Announce"/> said last in this process (for tests of the report).</summary>
    public static string? LastAnnouncement { get; private set; }

    /// <summary>
    /// Whether a Docker engine answers at <paramref name="dockerHost"/> (DOCKER_HOST's form; the default socket when
    /// empty) whatever Testcontainers thinks: its address and versions, or <see langword="null"/>.
    /// </summary>
    public static async Task<string?> ProbeDockerEngineAsync(string? dockerHost, CancellationToken cancellationToken)
    {
        var host = dockerHost;
        if (string.IsNullOrEmpty(host))
        {
            host = "unix:///var/run/docker.sock";
        }

        if (!Uri.TryCreate(host, UriKind.Absolute, out var endpoint))
        {
            return null;
        }

        using var handler = new SocketsHttpHandler();
        Uri baseAddress;
        if (endpoint.Scheme == "unix")
        {
            if (!File.Exists(endpoint.AbsolutePath))
            {
                return null;
            }

            handler.ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.AbsolutePath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker/");
        }
        else if (endpoint.Scheme == "tcp")
        {
            baseAddress = new UriBuilder("http", endpoint.Host, endpoint.Port).Uri;
        }
        else
        {
            return null;
        }

        try
        {
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var version = await client.GetFromJsonAsync<EngineVersion>("version", cancellationToken);
            return version is null
                ? host
                : $"{host} (engine {version.Version}, API {version.ApiVersion}, minimum API {version.MinApiVersion})";
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or IOException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? ReportDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Executors.sln")))
            {
                return Path.Combine(directory.FullName, "TestResults");
            }
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>What the machine offers, as <see cref="StartAsync{T}(Surroundings, string, Func{CancellationToken, Task{T}}, Func{string, CancellationToken, Task{T}}, CancellationToken)"/> asks it.</summary>
    /// <param name="Mode">What the run asked for.</param>
    /// <param name="TestcontainersSeesEngine">Whether Testcontainers found a Docker engine it accepts.</param>
    /// <param name="ProbeEngine">Whether any engine answers (see <see cref="ProbeDockerEngineAsync"/>).</param>
    /// <param name="FindBinaries">The PostgreSQL server binaries' folder, or null.</param>
    /// <param name="Announce">Where the choice is said.</param>
    public sealed record Surroundings(
        PostgresSourceMode Mode,
        Func<bool> TestcontainersSeesEngine,
        Func<CancellationToken, Task<string?>> ProbeEngine,
        Func<string?> FindBinaries,
        Action<string> Announce);

    private sealed record EngineVersion(
        [property: JsonPropertyName("Version")] string? Version,
        [property: JsonPropertyName("ApiVersion")] string? ApiVersion,
        [property: JsonPropertyName("MinAPIVersion")] string? MinApiVersion);
}
