using System.Diagnostics.Metrics;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Executors.Infrastructure.Caching;
using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.Infrastructure.Observability;

/// <summary>
/// The persistence side's instruments on the service's meter: the TERMINATED cache (read from the statistics it already
/// keeps) and executors by status (a count cached for <see cref="StatusCountsMaxAge"/>, refreshed by one
/// <c>GROUP BY status</c> query when a collection finds it older — so a scrape every second costs one query per period).
/// </summary>
internal sealed partial class InfrastructureMetrics
{
    /// <summary>The service's own meter (the API's instruments share it).</summary>
    public const string MeterName = "Executors.Api";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<InfrastructureMetrics> _logger;
    private readonly Lock _refresh = new();
    private IReadOnlyList<(string Status, long Count)> _counts = [];
    private long _countedAt = long.MinValue;

    public InfrastructureMetrics(IMeterFactory meters, IServiceProvider services, IServiceScopeFactory scopes, TimeProvider time, IOptions<MetricsOptions> options, ILogger<InfrastructureMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        StatusCountsMaxAge = options.Value.ExecutorCountMaxAge;
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(services);
        _scopes = scopes;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);

        if (services.GetService<ITerminatedExecutorCache>() is TerminatedExecutorCache cache)
        {
            meter.CreateObservableCounter("executors.cache.terminated.hits", () => cache.Statistics?.TotalHits ?? 0,
                description: "GET /executors/{id} answered from the TERMINATED cache.");
            meter.CreateObservableCounter("executors.cache.terminated.misses", () => cache.Statistics?.TotalMisses ?? 0,
                description: "TERMINATED cache look-ups that went to the database.");
            meter.CreateObservableGauge("executors.cache.terminated.entries", () => cache.Count,
                description: "Records in the TERMINATED cache.");
            meter.CreateObservableGauge("executors.cache.terminated.size", () => cache.Bytes, unit: "By",
                description: "Estimated bytes the TERMINATED cache holds.");
        }

        if (services.GetService<LiveUpdates.ExecutorChangeHub>() is { } hub)
        {
            meter.CreateObservableGauge("executors.live.subscribers", () => hub.SubscriberCount, unit: "{subscriber}",
                description: "Live streams subscribed to the change feed.");
        }

        meter.CreateObservableGauge("executors.executors", ReadCounts, unit: "{executor}",
            description: "Executors by status (counted at most once per period, not per collection).");
    }

    /// <summary>How long a status count is reused before a collection counts again.</summary>
    public TimeSpan StatusCountsMaxAge { get; }

    /// <summary>How many status counts have been queried (the tests check the bound).</summary>
    public int StatusQueries { get; private set; }

    private IEnumerable<Measurement<long>> ReadCounts()
    {
        lock (_refresh)
        {
            var now = _time.GetTimestamp();
            if (_countedAt == long.MinValue || _time.GetElapsedTime(_countedAt, now) >= StatusCountsMaxAge)
            {
                _countedAt = now;
                try
                {
                    _counts = CountByStatus();
                }
#pragma warning disable CA1031 // a metric collection must not fail the scrape; the previous counts stay
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    CountFailed(_logger, exception);
                }
            }

            return [.. _counts.Select(count => new Measurement<long>(count.Count, new KeyValuePair<string, object?>("status", count.Status)))];
        }
    }

    private List<(string Status, long Count)> CountByStatus()
    {
        StatusQueries++;
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var rows = db.Executors.GroupBy(executor => executor.State.Status)
            .Select(group => new { Status = group.Key, Count = group.LongCount() })
            .ToListAsync(timeout.Token).GetAwaiter().GetResult();
        // Every status, 0 when none has it: a series that vanishes reads as "no data", not as zero.
        return [.. Enum.GetValues<ExecutorStatus>().Select(status => (WireCodes.ToCode(status), rows.FirstOrDefault(row => row.Status == status)?.Count ?? 0))];
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Counting executors by status for the metrics failed; the previous counts stay")]
    private static partial void CountFailed(ILogger logger, Exception exception);
}
