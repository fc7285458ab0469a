using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Executors.Testing;

/// <summary>
/// A real, throwaway <c>redis-server</c> (Debian's package) on a free loopback port: no persistence, its files in a
/// temporary folder. It can be stopped (killed, as a crash or an outage would) and started again on the same port, and
/// it is ended by its PID. The binary is <c>/usr/bin/redis-server</c>, or the path in <see cref="BinaryVariable"/>;
/// without one the start fails saying what to install.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string BinaryVariable = "EXECUTORS_REDIS_SERVER";

    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(15);

    private readonly string _binary;
    private readonly string _directory;
    private Process? _process;

    private RedisServer(string binary, string directory, int port)
    {
        _binary = binary;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the server process runs now.</summary>
    public bool Running => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var binary = Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured ? configured : "/usr/bin/redis-server";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"No redis-server at {binary}: install Debian's 'redis-server' package (apt-get install redis-server), " +
                $"or set {BinaryVariable} to the binary. The shared-limit tests need a real Redis.");
        }

        var directory = Directory.CreateTempSubdirectory("executors-redis-").FullName;
        var server = new RedisServer(binary, directory, FreePort());
        try
        {
            await server.StartAgainAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and waits until it answers PING.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (Running)
        {
            throw new InvalidOperationException("The Redis server is already running.");
        }

        var start = new ProcessStartInfo(_binary) { UseShellExecute = false, WorkingDirectory = _directory };
        foreach (var argument in (string[])[
            "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
            "--dir", _directory, "--logfile", Path.Combine(_directory, "redis.log"), "--daemonize", "no", "--protected-mode", "yes"])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        var clock = Stopwatch.StartNew();
        while (!await AnswersPingAsync(cancellationToken))
        {
            if (_process.HasExited || clock.Elapsed > StartBound)
            {
                var log = File.Exists(Path.Combine(_directory, "redis.log")) ? await File.ReadAllTextAsync(Path.Combine(_directory, "redis.log"), cancellationToken) : "";
                await StopAsync();
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING within {StartBound}:\n{log}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing is answered — a Redis that hangs.</summary>
    public Task PauseAsync(CancellationToken cancellationToken) => SignalAsync("-STOP", cancellationToken);

    /// <summary>Lets a frozen server go on (SIGCONT).</summary>
    public Task ResumeAsync(CancellationToken cancellationToken) => SignalAsync("-CONT", cancellationToken);

    /// <summary>Kills the server by its PID (as an outage would end it) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is no failure
        }
    }

    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("The Redis server is not running.");
        var kill = new ProcessStartInfo("kill") { ArgumentList = { signal, process.Id.ToString(CultureInfo.InvariantCulture) } };
        var (exitCode, _, error) = await BoundedProcess.RunAsync(kill, TimeSpan.FromSeconds(10), input: null, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {process.Id} failed: {error}");
        }
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception failure) when (failure is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
