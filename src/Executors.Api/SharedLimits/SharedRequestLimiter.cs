using System.Threading.RateLimiting;

namespace Executors.Api.SharedLimits;

/// <summary>
/// The entry permit of every request, one budget per user (anonymous: per address) across all replicas while Redis is
/// available, else the process's own limiter. ASP.NET Core's rate-limiting middleware first tries
/// <see cref="PartitionedRateLimiter{TResource}.AttemptAcquire"/> and, when that lease is not acquired, awaits
/// <see cref="PartitionedRateLimiter{TResource}.AcquireAsync"/>: with Redis available the first answers "not here"
/// at once (<see cref="Deferred"/>) and the second asks Redis, or the process's limiter while Redis is not in use.
/// </summary>
/// <remarks>
/// <c>RateLimiting:QueueLimit</c> applies only per process: a request over the shared budget is refused, not queued.
/// </remarks>
internal sealed class SharedRequestLimiter(
    PartitionedRateLimiter<HttpContext> local,
    SharedLimitStore store,
    Func<HttpContext, string?> sharedKeyOf,
    int permitLimit,
    TimeSpan window) : PartitionedRateLimiter<HttpContext>
{
    public const string LimitName = "request";

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => local.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        // Whether Redis or the process decides is settled once, in AcquireAsyncCore (which also counts a fallback).
        return sharedKeyOf(resource) is not null ? Deferred.Instance : local.AttemptAcquire(resource, permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (sharedKeyOf(resource) is { } key && store.TryUse(LimitName))
        {
            try
            {
                return await SharedWindow.AcquireAsync(store, key, permitLimit, window, permitCount, cancellationToken);
            }
            catch (Exception failure) when (SharedLimitStore.IsUnavailable(failure, cancellationToken))
            {
                store.Failed(LimitName, failure);
            }
        }

        return await local.AcquireAsync(resource, permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Not acquired, nothing counted: sends the middleware on to <see cref="AcquireAsyncCore"/>.</summary>
    private sealed class Deferred : RateLimitLease
    {
        public static readonly Deferred Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
