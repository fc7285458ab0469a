using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// Counts Basic checks that are not yet known to have succeeded, in fixed windows, per client address, per client
/// address and user name, and per user name. An attempt is counted <em>before</em> it is hashed (<see cref="Begin"/>),
/// so a burst of concurrent guesses is counted as it arrives and the one past the limit is refused unhashed; a
/// success takes its count back (<see cref="SignInAttempt.Succeeded"/>), and so does a check that never ran.
/// </summary>
/// <remarks>
/// <para>
/// The limits throttle the attacker, not the victim. Per address and per address+user: <see
/// cref="FailureThrottlingOptions.MaxFailures"/>. Per user name, from everywhere together: <see
/// cref="FailureThrottlingOptions.MaxFailuresPerUserName"/>, far higher, so that a handful of addresses cannot lock a
/// user out. A client that verified the user's password from the same address recently (<see
/// cref="TrustedClients"/>) is refused by neither the per-name nor the per-address limit — only by its own
/// address+user count — so someone guessing a user's password elsewhere, or a neighbour behind the same address
/// guessing other names, cannot keep that client out.
/// </para>
/// <para>
/// Memory is bounded: at most <see cref="MaxTrackedKeys"/> counters live in a size-limited <see cref="MemoryCache"/>,
/// user names by their SHA-256 (a 10 KB name costs what a short one does). When the cache is full a new key goes
/// uncounted until the cache makes room (expired entries first, then the least recently used): a flood of distinct names from distinct addresses can dilute counting, never exhaust
/// memory. Window arithmetic uses the injected <see cref="TimeProvider"/>; the cache's own expiry (real time, one
/// window) only frees memory.
/// </para>
/// <para>
/// The windows are <see cref="FailureWindow"/>s rather than System.Threading.RateLimiting's limiters because those
/// cannot give a permit back (a success must), take no <see cref="TimeProvider"/>, announce the whole window rather
/// than what is left of it, and keep partitions without a size bound: docs/adr/0008-abuse-protection.md.
/// </para>
/// </remarks>
internal sealed class FailedAuthenticationThrottle : IDisposable
{
    public const int MaxTrackedKeys = 100_000;

    private readonly FailureThrottlingOptions _options;
    private readonly TimeProvider _time;
    private readonly MemoryCache? _counters;
    private readonly Counter<long> _throttled;

    public FailedAuthenticationThrottle(IOptions<FailureThrottlingOptions> options, TimeProvider time, IMeterFactory meters)
        : this(options, time, meters, MaxTrackedKeys)
    {
    }

    /// <summary>With room for <paramref name="capacity"/> counters: lets a test fill the bound without 100,000 keys.</summary>
    internal FailedAuthenticationThrottle(IOptions<FailureThrottlingOptions> options, TimeProvider time, IMeterFactory meters, int capacity)
    {
        _options = options.Value;
        _time = time;
        _throttled = meters.Create(CredentialVerifier.MeterName)
            .CreateCounter<long>("executors.authentication.throttled", description: "Requests refused with 429 after too many failed credential checks.");
        if (_options.MaxFailures > 0)
        {
            _counters = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
        }
    }

    /// <summary>How many counters are held now (never more than the capacity).</summary>
    internal int TrackedKeys => _counters?.Count ?? 0;

    /// <summary>
    /// Counts one attempt from <paramref name="client"/> for <paramref name="userName"/> (<see langword="null"/> for a
    /// header that named nobody), or refuses it — counting nothing — when a limit that applies is reached.
    /// </summary>
    public SignInAttempt Begin(IPAddress? client, string? userName, bool trusted)
    {
        if (_counters is null)
        {
            return SignInAttempt.Allowed([]);
        }

        var now = _time.GetUtcNow();
        var keys = Keys(client, userName, trusted);

        // Look first, so that a refused attempt counts nowhere; then count, each key checked as it is counted.
        TimeSpan? wait = null;
        var refusedBy = ThrottleLimit.None;
        foreach (var (key, limit, kind) in keys)
        {
            if (limit is { } max && _counters.TryGetValue(key, out FailureWindow? window) && window!.RetryAfter(now, _options.Window, max) is { } left
                && (wait is null || left > wait))
            {
                (wait, refusedBy) = (left, kind);
            }
        }

        var counted = new List<(FailureWindow Window, DateTimeOffset Start)>(keys.Count);
        foreach (var (key, limit, kind) in keys)
        {
            if (wait is not null)
            {
                break;
            }

            var window = _counters.GetOrCreate(key, entry =>
            {
                entry.Size = 1;
                entry.AbsoluteExpirationRelativeToNow = _options.Window;
                return new FailureWindow(now);
            })!;
            if (!window.TryAdd(now, _options.Window, limit, out var start, out var left))
            {
                // Another request took the last place between the look and the count.
                SignInAttempt.TakeBack(counted);
                (wait, refusedBy) = (left, kind);
                continue;
            }

            counted.Add((window, start));
        }

        if (wait is { } retryAfter)
        {
            _throttled.Add(1);
            return SignInAttempt.Refused(retryAfter, refusedBy);
        }

        return SignInAttempt.Allowed(counted);
    }

    public void Dispose() => _counters?.Dispose();

    internal List<(string Key, int? Limit, ThrottleLimit Kind)> Keys(IPAddress? client, string? userName, bool trusted)
    {
        var keys = new List<(string, int?, ThrottleLimit)>(3);
        var network = client is null ? null : ClientNetwork.Of(client);
        var name = userName is null ? null : Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(userName)));
        if (network is not null)
        {
            keys.Add(("a:" + network, trusted ? null : _options.MaxFailures, ThrottleLimit.Address));
        }

        if (network is not null && name is not null)
        {
            keys.Add(("p:" + network + " " + name, _options.MaxFailures, ThrottleLimit.AddressAndUser));
        }

        if (name is not null && _options.MaxFailuresPerUserName > 0)
        {
            keys.Add(("u:" + name, trusted ? null : _options.MaxFailuresPerUserName, ThrottleLimit.UserName));
        }

        return keys;
    }
}
