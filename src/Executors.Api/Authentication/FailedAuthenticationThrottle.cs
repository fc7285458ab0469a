using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Counts failed Basic checks per client address and per user name in fixed windows. Once either is at
/// <see cref="FailureThrottlingOptions.MaxFailures"/>, <see cref="CredentialVerifier"/> answers uncached credentials
/// from that address or for that name with 429 without hashing: no password oracle, no CPU sink.
/// </summary>
/// <remarks>
/// Memory is bounded: at most <see cref="MaxTrackedKeys"/> counters live in a size-limited <see cref="MemoryCache"/>,
/// keyed by the address (an IPv6 address by its /64, what one client usually holds) or a SHA-256 of the user name (so
/// a 10 KB name costs what a short one does). When the cache is full a new key goes uncounted until entries expire:
/// a flood of distinct names from distinct addresses can dilute counting, never exhaust memory. Window arithmetic uses
/// the injected <see cref="TimeProvider"/>; the cache's own expiry (real time, one window) only frees memory.
/// </remarks>
internal sealed class FailedAuthenticationThrottle : IDisposable
{
    public const int MaxTrackedKeys = 100_000;

    private readonly FailureThrottlingOptions _options;
    private readonly TimeProvider _time;
    private readonly MemoryCache? _counters;
    private readonly Counter<long> _throttled;

    public FailedAuthenticationThrottle(IOptions<FailureThrottlingOptions> options, TimeProvider time, IMeterFactory meters)
    {
        _options = options.Value;
        _time = time;
        _throttled = meters.Create(CredentialVerifier.MeterName)
            .CreateCounter<long>("executors.authentication.throttled", description: "Requests refused with 429 after too many failed credential checks.");
        if (_options.MaxFailures > 0)
        {
            _counters = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxTrackedKeys });
        }
    }

    /// <summary>How long until the address and the user name may try again, or <see langword="null"/> when both may now.</summary>
    public TimeSpan? RetryAfter(IPAddress? client, string? userName)
    {
        if (_counters is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        TimeSpan? retryAfter = null;
        foreach (var key in Keys(client, userName))
        {
            if (_counters.TryGetValue(key, out FailureWindow? window) && window!.RetryAfter(now, _options) is { } wait)
            {
                retryAfter = retryAfter is null || wait > retryAfter ? wait : retryAfter;
            }
        }

        if (retryAfter is not null)
        {
            _throttled.Add(1);
        }

        return retryAfter;
    }

    /// <summary>Counts one failed check against the address and, when the header named one, the user name.</summary>
    public void RecordFailure(IPAddress? client, string? userName)
    {
        if (_counters is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var key in Keys(client, userName))
        {
            var window = _counters.GetOrCreate(key, entry =>
            {
                entry.Size = 1;
                entry.AbsoluteExpirationRelativeToNow = _options.Window;
                return new FailureWindow(now);
            })!;
            window.Add(now, _options.Window);
        }
    }

    public void Dispose() => _counters?.Dispose();

    private static IEnumerable<string> Keys(IPAddress? client, string? userName)
    {
        if (client is not null)
        {
            yield return "a:" + Network(client);
        }

        if (userName is not null)
        {
            yield return "u:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(userName)));
        }
    }

    private static string Network(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>A fixed window: when it started and how many failures it has seen.</summary>
    private sealed class FailureWindow(DateTimeOffset start)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _start = start;
        private int _failures;

        public void Add(DateTimeOffset now, TimeSpan length)
        {
            lock (_lock)
            {
                if (now - _start >= length)
                {
                    _start = now;
                    _failures = 0;
                }

                _failures++;
            }
        }

        public TimeSpan? RetryAfter(DateTimeOffset now, FailureThrottlingOptions options)
        {
            lock (_lock)
            {
                var left = _start + options.Window - now;
                return _failures >= options.MaxFailures && left > TimeSpan.Zero ? left : null;
            }
        }
    }
}
