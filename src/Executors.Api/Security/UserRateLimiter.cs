using System.Globalization;
using System.Threading.RateLimiting;
using Executors.Api.Errors;
using Microsoft.Extensions.Options;

namespace Executors.Api.Security;

/// <summary>
/// Each user's request allowance (anonymous requests: each client address's): <see cref="RateLimitingOptions.PermitLimit"/>
/// permits per fixed window. Every request pays one permit as it enters (ASP.NET Core's rate-limiting middleware, through
/// <see cref="PerRequest"/>); a request that makes the service read or write many rows pays more once its size is known
/// (<see cref="ChargeRowsAsync"/>), so that a loop of 1,000-row pages cannot take what 200 GETs a second may: a page of
/// <c>n</c> rows costs <c>1 + n / RowsPerPermit</c> permits. Health probes are never limited.
/// </summary>
/// <remarks>
/// With <c>Redis:Configuration</c> set, the allowance is one budget across all API replicas (entry permits and
/// charges alike, <see cref="SharedLimits.SharedRequestLimiter"/>), and the process's own limiter decides only while
/// Redis is unavailable (<see cref="SharedLimits.SharedLimitStore"/>). Without it, every process has its own.
/// </remarks>
public sealed class UserRateLimiter : IDisposable
{
    /// <summary>What the summary's or the performance report's aggregates over every visible executor cost, in permits.</summary>
    public const int SummaryPermits = 20;

    private const string Unlimited = "";

    private readonly RateLimitingOptions _options;
    private readonly PartitionedRateLimiter<string> _limiter;

    private readonly Observability.ApiMetrics _metrics;
    private readonly SharedLimits.SharedLimitStore _shared;

    internal UserRateLimiter(IOptions<RateLimitingOptions> options, Observability.ApiMetrics metrics, SharedLimits.SharedLimitStore shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _shared = shared;
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => key.Length == 0 || !Enabled
            ? RateLimitPartition.GetNoLimiter(Unlimited)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _options.PermitLimit,
                Window = _options.Window,
                QueueLimit = _options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        var local = _limiter.WithTranslatedKey<HttpContext>(KeyOf, leaveOpen: true);
        PerRequest = shared.Configured && Enabled
            ? new SharedLimits.SharedRequestLimiter(local, shared, SharedKeyOf, _options.PermitLimit, _options.Window)
            : local;
    }

    /// <summary>Whether requests are limited at all (<c>RateLimiting:PermitLimit</c> is not 0).</summary>
    public bool Enabled => _options.PermitLimit > 0;

    /// <summary>The limiter the middleware asks for each request's first permit.</summary>
    public PartitionedRateLimiter<HttpContext> PerRequest { get; }

    /// <summary>
    /// Takes the permits a request of <paramref name="rows"/> rows owes beyond the one it paid on entry, or throws
    /// <see cref="RateLimitedException"/> (429) when the caller's window cannot pay them. A cost above the whole window
    /// is capped at the window: such a request is allowed once per window, alone.
    /// </summary>
    public ValueTask ChargeRowsAsync(HttpContext context, int rows) => ChargeAsync(context, 1 + (Math.Max(0, rows) / _options.RowsPerPermit));

    /// <summary>As <see cref="ChargeRowsAsync"/>, for a request of a fixed cost in permits (the one paid on entry included).</summary>
    public async ValueTask ChargeAsync(HttpContext context, int permits)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled || permits <= 1)
        {
            return;
        }

        var owed = Math.Min(permits, _options.PermitLimit) - 1;
        if (owed <= 0)
        {
            return;
        }

        using var lease = await AcquireOwedAsync(context, owed);
        if (!lease.IsAcquired)
        {
            _metrics.RateLimitRejected("cost");
            throw new RateLimitedException(
                RetryAfterOf(lease),
                $"This request costs {permits} of your {_options.PermitLimit} requests per {Seconds(_options.Window)} s " +
                $"(large pages and aggregates cost more: 1 per {_options.RowsPerPermit} rows), and not enough are left.");
        }
    }

    /// <summary>The 429 for a request refused on entry.</summary>
    public Task WriteRejectedAsync(HttpContext context, RateLimitLease lease)
    {
        _metrics.RateLimitRejected("entry");
        return ProblemResponses.WriteTooManyRequestsAsync(
            context,
            RetryAfterOf(lease),
            $"More than {_options.PermitLimit} requests in {Seconds(_options.Window)} s.");
    }

    public void Dispose()
    {
        PerRequest.Dispose();
        _limiter.Dispose();
    }

    /// <summary>The extra permits from the shared budget while Redis is available, else from the process's own.</summary>
    private async ValueTask<RateLimitLease> AcquireOwedAsync(HttpContext context, int owed)
    {
        if (SharedKeyOf(context) is { } key && _shared.TryUse("cost"))
        {
            try
            {
                return await SharedLimits.SharedWindow.AcquireAsync(_shared, key, _options.PermitLimit, _options.Window, owed, context.RequestAborted);
            }
            catch (Exception failure) when (SharedLimits.SharedLimitStore.IsUnavailable(failure, context.RequestAborted))
            {
                _shared.Failed("cost", failure);
            }
        }

        return _limiter.AttemptAcquire(KeyOf(context), owed);
    }

    /// <summary>
    /// The request's key in Redis: prefixed, a user by the SHA-256 of the name (as the sign-in throttle keys it), an
    /// address as it is; <see langword="null"/> for health probes, which are never limited.
    /// </summary>
    private string? SharedKeyOf(HttpContext context)
    {
        var key = KeyOf(context);
        return key.Length == 0
            ? null
            : key.StartsWith("user:", StringComparison.Ordinal)
                ? _shared.KeyPrefix + "rate:user:" + SharedLimits.SharedWindow.HashName(key["user:".Length..])
                : _shared.KeyPrefix + "rate:" + key;
    }

    /// <summary>The authenticated user's name; anonymous requests by client address; health probes not at all.</summary>
    private static string KeyOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            ? Unlimited
            : context.User.Identity is { IsAuthenticated: true, Name: { } name }
                ? "user:" + name
                : "address:" + context.Connection.RemoteIpAddress;

    private TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _options.Window;

    private static string Seconds(TimeSpan window) => window.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
