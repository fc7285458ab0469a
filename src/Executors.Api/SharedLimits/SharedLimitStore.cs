using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Executors.Api.SharedLimits;

/// <summary>
/// The one Redis connection the shared limits use, and whether they can use it now. The limiters ask
/// <see cref="TryUse"/> before every Redis call: when the multiplexer is not connected they go per-process at once,
/// without a round trip; when a call fails (refused, timed out) they report it (<see cref="Failed"/>) and go
/// per-process for that request, and for <see cref="ProbeInterval"/> after it: a Redis that hangs (connected but not
/// answering) costs one request per interval a timeout, not every request. StackExchange.Redis reconnects by itself;
/// the limits are shared again as soon as it has, or as soon as a probe after a failure succeeds.
/// </summary>
/// <remarks>
/// What an operator sees: the gauge <c>executors.redis.available</c> (1 shared, 0 per process), the counter
/// <c>executors.redis.fallbacks</c> (requests whose limit was decided per process, by <c>limit</c> and <c>reason</c>:
/// <c>unavailable</c>, <c>timeout</c>, <c>error</c>), one Warning when the limits become per process and one Information
/// when they are shared again (never a log per request), and the readiness entry "redis" (<see cref="RedisHealthCheck"/>).
/// </remarks>
internal sealed partial class SharedLimitStore : IDisposable
{
    public const string MeterName = "Executors.Api.Redis";

    private const int Unknown = -1;
    private const int PerProcess = 0;
    private const int Shared = 1;

    private readonly ConnectionMultiplexer? _connection;
    private readonly ILogger<SharedLimitStore> _logger;
    private readonly Counter<long>? _fallbacks;
    private readonly string _endpoint = "";
    /// <summary>While per process on a connected multiplexer, one request in this long tries Redis again.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);

    private int _state = Unknown;
    private long _nextProbe;

    public SharedLimitStore(IOptions<RedisOptions> options, IMeterFactory meters, ILogger<SharedLimitStore> logger)
    {
        var settings = options.Value;
        _logger = logger;
        KeyPrefix = settings.KeyPrefix;
        if (!settings.Enabled)
        {
            return;
        }

        var configuration = ConfigurationFor(settings.Configuration!);
        _endpoint = string.Join(",", configuration.EndPoints.Select(endpoint => endpoint.ToString()));
        var meter = meters.Create(MeterName);
        _fallbacks = meter.CreateCounter<long>(
            "executors.redis.fallbacks",
            description: "Limit decisions made per process because Redis was unavailable, by limit and reason (unavailable, timeout, error).");

        // abortConnect=false: the multiplexer comes back even when Redis is down, and keeps reconnecting in the background.
        _connection = ConnectionMultiplexer.Connect(configuration);
        _connection.ConnectionFailed += (_, failure) =>
        {
            // One of its connections failing while another still serves (a reconnect attempt of the subscription
            // connection, say) changes nothing.
            if (!_connection.IsConnected)
            {
                PerProcessNow(failure.FailureType.ToString());
            }
        };
        _connection.ConnectionRestored += (_, _) =>
        {
            if (_connection.IsConnected)
            {
                SharedNow();
            }
        };
        meter.CreateObservableGauge(
            "executors.redis.available",
            () => Available ? 1 : 0,
            description: "1 while the limits are shared through Redis, 0 while each process applies its own.");
        if (_connection.IsConnected)
        {
            SharedNow();
        }
        else
        {
            PerProcessNow("not connected at start");
        }
    }

    /// <summary>Whether a Redis is configured at all (no: every limit is per process, and nothing is reported).</summary>
    public bool Configured => _connection is not null;

    /// <summary>Whether the limits are shared now (a connected multiplexer).</summary>
    public bool Available => _connection is { IsConnected: true } && Volatile.Read(ref _state) == Shared;

    /// <summary>The configured prefix, in front of every key.</summary>
    public string KeyPrefix { get; }

    /// <summary>The endpoints, for the readiness detail.</summary>
    public string Endpoint => _endpoint;

    /// <summary>The multiplexer (for the library's limiters); only when <see cref="Configured"/>.</summary>
    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("No Redis is configured.");

    /// <summary>
    /// True when the caller may go to Redis now; false (counted as a fallback for <paramref name="limit"/>) when Redis
    /// is configured but not connected, or when a call failed less than <see cref="ProbeInterval"/> ago and another
    /// request already has this interval's probe. Never a round trip.
    /// </summary>
    public bool TryUse(string limit)
    {
        if (_connection is null)
        {
            return false;
        }

        if (_connection.IsConnected)
        {
            if (Volatile.Read(ref _state) != PerProcess)
            {
                return true;
            }

            // Per process after a failed call: one request an interval probes Redis, the others do not wait on it.
            var now = Environment.TickCount64;
            var next = Interlocked.Read(ref _nextProbe);
            if (now >= next && Interlocked.CompareExchange(ref _nextProbe, now + (long)ProbeInterval.TotalMilliseconds, next) == next)
            {
                return true;
            }

            _fallbacks!.Add(1, new KeyValuePair<string, object?>("limit", limit), new KeyValuePair<string, object?>("reason", "unavailable"));
            return false;
        }

        _fallbacks!.Add(1, new KeyValuePair<string, object?>("limit", limit), new KeyValuePair<string, object?>("reason", "unavailable"));
        PerProcessNow("not connected");
        return false;
    }

    /// <summary>A PING, when connected but per process: shared again if it answers. Never throws.</summary>
    public async Task ProbeAsync()
    {
        if (_connection is not { IsConnected: true })
        {
            return;
        }

        try
        {
            await _connection.GetDatabase().PingAsync();
            Succeeded();
        }
        catch (Exception failure) when (IsUnavailable(failure))
        {
            // still away: stays per process
        }
    }

    /// <summary>A Redis call succeeded: shared (again, if a failure had made the limits per process).</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _state) != Shared)
        {
            SharedNow();
        }
    }

    /// <summary>A Redis call for <paramref name="limit"/> failed: that request's limit is decided per process.</summary>
    public void Failed(string limit, Exception failure)
    {
        var reason = failure is RedisTimeoutException or TimeoutException ? "timeout" : "error";
        _fallbacks?.Add(1, new KeyValuePair<string, object?>("limit", limit), new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Exchange(ref _nextProbe, Environment.TickCount64 + (long)ProbeInterval.TotalMilliseconds);
        PerProcessNow($"{failure.GetType().Name}: {failure.Message}");
    }

    /// <summary>
    /// Whether <paramref name="failure"/>, thrown by a call to Redis, means "decide this limit per process" — which is
    /// every failure except the caller's own cancellation. Redis is where limits are <em>shared</em>, never what decides
    /// whether a request is served: a request must not fail because the store of a shared count did. Listing the kinds
    /// of failure proved a losing game: besides <see cref="RedisException"/> and timeouts, StackExchange.Redis ends a
    /// pending command with a <see cref="TaskCanceledException"/> while a restarted Redis's connection is made again, and
    /// with an <see cref="InvalidOperationException"/> ("Writing is not allowed after writer was completed", from its
    /// socket pipe) when Redis stops under load — both found by the cluster drill as 500s. Each fallback is counted,
    /// and the switch to per-process limits logged with the exception's type and message (<see cref="Failed"/>), so a
    /// fault of our own still shows.
    /// </summary>
    public static bool IsUnavailable(Exception failure, CancellationToken cancellationToken = default) =>
        !(failure is OperationCanceledException && cancellationToken.IsCancellationRequested);

    public void Dispose() => _connection?.Dispose();

    private static ConfigurationOptions ConfigurationFor(string text)
    {
        var configuration = ConfigurationOptions.Parse(text);
        configuration.AbortOnConnectFail = false;
        if (!text.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.ConnectTimeout = 1000;
        }

        if (!text.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.SyncTimeout = 1000;
        }

        if (!text.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            configuration.AsyncTimeout = 1000;
        }

        // Try again every half second while Redis is away (the default backs off to a minute): shared again soon after it returns.
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        configuration.ClientName ??= "executors-api";
        return configuration;
    }

    private void PerProcessNow(string reason)
    {
        if (Interlocked.Exchange(ref _state, PerProcess) != PerProcess)
        {
            RedisLog.LimitsPerProcess(_logger, _endpoint, reason);
        }
    }

    private void SharedNow()
    {
        if (Interlocked.Exchange(ref _state, Shared) != Shared)
        {
            RedisLog.LimitsShared(_logger, _endpoint);
        }
    }
}

internal static partial class RedisLog
{
    public const int LimitsPerProcessId = 4201;
    public const int LimitsSharedId = 4202;

    [LoggerMessage(EventId = LimitsPerProcessId, EventName = "LimitsPerProcess", Level = LogLevel.Warning,
        Message = "Redis at {RedisEndpoint} is unavailable ({Reason}): request rate limits, failed sign-in throttling and the hashing bound are per process until it returns")]
    public static partial void LimitsPerProcess(ILogger logger, string redisEndpoint, string reason);

    [LoggerMessage(EventId = LimitsSharedId, EventName = "LimitsShared", Level = LogLevel.Information,
        Message = "Redis at {RedisEndpoint} is available: request rate limits, failed sign-in throttling and the hashing bound are shared across replicas")]
    public static partial void LimitsShared(ILogger logger, string redisEndpoint);
}
