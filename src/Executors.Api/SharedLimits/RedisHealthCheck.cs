using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Executors.Api.SharedLimits;

/// <summary>
/// The readiness entry "redis" (registered only when a Redis is configured): Degraded, never Unhealthy, while Redis is
/// unavailable — the replica still serves, with its own limits — so a load balancer keeps sending it requests.
/// </summary>
internal sealed class RedisHealthCheck(SharedLimitStore store) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Per process after a failed call while still connected (a Redis that hung): a PING tells whether it answers
        // again, so that the load balancer's probes bring the limits back even when no request has tried Redis since.
        if (!store.Available)
        {
            await store.ProbeAsync();
        }

        return store.Available
            ? HealthCheckResult.Healthy($"Limits are shared across replicas through Redis at {store.Endpoint}.")
            : HealthCheckResult.Degraded(
                $"Redis at {store.Endpoint} is unavailable: request rate limits, failed sign-in throttling and the hashing bound are per process " +
                "(each replica allows the full limits) until it returns.");
    }
}
