using Executors.Application.Common.Exceptions;
using Executors.Infrastructure.Persistence.Replicas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Ready means: the database answers and every migration this build knows is applied. Bounded by the check's own
/// timeout (<c>Database:HealthCheckTimeout</c>), so that a probe gets its "Unhealthy" before its own patience runs out.
/// With standbys (<c>ConnectionStrings:ExecutorsRead</c>), a primary that does not answer while the read pool does is
/// Degraded, not Unhealthy: the replica still serves every read (writes answer 503 with Retry-After until the primary,
/// or a promoted standby, answers), so a load balancer keeps sending it traffic rather than dropping every replica at
/// once.
/// </summary>
internal sealed class DatabaseReadyHealthCheck : IHealthCheck
{
    private const string NoAnswer = "The database does not answer.";

    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;
    private readonly ReplicaReads _replicas;

    public DatabaseReadyHealthCheck(ExecutorsDbContext db, DatabaseGuard guard, ReplicaReads replicas)
    {
        _db = db;
        _guard = guard;
        _replicas = replicas;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var primary = await CheckAsync(_db, cancellationToken);
        if (primary.Status != HealthStatus.Unhealthy || primary.Description != NoAnswer || _replicas.Pool is not { } pool)
        {
            return primary;
        }

        var read = pool.Rent();
        await using (read.ConfigureAwait(false))
        {
            var reads = await CheckAsync(read, cancellationToken);
            return reads.Status == HealthStatus.Healthy
                ? HealthCheckResult.Degraded("The primary database does not answer: reads are served from the read pool, writes answer 503 until it (or a promoted standby) does.")
                : primary;
        }
    }

    private async Task<HealthCheckResult> CheckAsync(ExecutorsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            // Through the guard like every other read: a stale pooled connection after a restart does not fail the probe,
            // and an outage seen first (or ended) by a probe is logged like one seen by a request.
            return await _guard.ReadAsync(
                async () =>
                {
                    if (!await db.Database.CanConnectAsync(cancellationToken))
                    {
                        return HealthCheckResult.Unhealthy(NoAnswer);
                    }

                    var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
                    return pending.Any()
                        ? HealthCheckResult.Unhealthy("Migrations are pending.")
                        : HealthCheckResult.Healthy();
                },
                cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            return HealthCheckResult.Unhealthy(NoAnswer);
        }
    }
}
