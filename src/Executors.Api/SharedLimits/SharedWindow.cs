using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using RedisRateLimiting;

namespace Executors.Api.SharedLimits;

/// <summary>
/// One fixed window in Redis through RedisRateLimiting's <see cref="RedisFixedWindowRateLimiter{TKey}"/> (its Lua
/// script counts and checks in one step, so replicas cannot both take the last permit). A limiter object is made per
/// call: it holds nothing but the key and the options, so no per-key cache grows with the number of users.
/// </summary>
/// <remarks>
/// The library's <c>AttemptAcquire</c> always fails (its issue #66): only <c>AcquireAsync</c> talks to Redis, so every
/// call here is asynchronous. <c>AcquireAsync(0)</c> counts nothing and tells what is left (<see cref="PeekAsync"/>).
/// RedisRateLimiting 1.2.1 keeps its windows in whole seconds of each replica's clock: a window lasts its length
/// rounded up to the second, plus up to one second, and replicas' clocks must agree to about a second.
/// </remarks>
internal static class SharedWindow
{
    /// <summary>Takes <paramref name="permits"/> from the window <paramref name="key"/> (already prefixed) of <paramref name="limit"/> permits.</summary>
    public static async ValueTask<SharedLease> AcquireAsync(SharedLimitStore store, string key, int limit, TimeSpan window, int permits, CancellationToken cancellationToken)
    {
        using var limiter = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => store.Connection,
            PermitLimit = limit,
            Window = window,
        });
        using var lease = await limiter.AcquireAsync(permits, cancellationToken);
        store.Succeeded();
        return SharedLease.From(lease);
    }

    /// <summary>How many permits the window <paramref name="key"/> has left, counting nothing.</summary>
    public static async ValueTask<(long Remaining, TimeSpan RetryAfter)> PeekAsync(SharedLimitStore store, string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        using var limiter = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => store.Connection,
            PermitLimit = limit,
            Window = window,
        });
        using var lease = await limiter.AcquireAsync(0, cancellationToken);
        store.Succeeded();
        var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining.Name, out var left) && left is long value ? value : limit;
        return (remaining, SharedLease.From(lease).RetryAfter);
    }

    /// <summary>A user name as it appears in a key: its SHA-256, so that any name costs the same and none is stored in clear.</summary>
    public static string HashName(string name) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}

/// <summary>
/// A lease from Redis as the rest of the service reads leases: <see cref="MetadataName.RetryAfter"/> as a
/// <see cref="TimeSpan"/> (the library gives whole seconds as an <see cref="int"/> under the same name, which the typed
/// <c>TryGetMetadata</c> could not cast), rounded up by a second for the library's second-granular windows.
/// </summary>
internal sealed class SharedLease(bool acquired, TimeSpan retryAfter) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    public TimeSpan RetryAfter => retryAfter;

    public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = retryAfter;
            return true;
        }

        metadata = null;
        return false;
    }

    public static SharedLease From(RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter.Name, out var value) && value is int whole ? whole : 0;
        return new SharedLease(lease.IsAcquired, TimeSpan.FromSeconds(Math.Max(0, seconds) + 1));
    }
}
