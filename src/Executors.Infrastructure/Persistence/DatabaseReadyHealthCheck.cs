using Executors.Application.Common.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// Ready means: the database answers and every migration this build knows is applied. Bounded by the check's own
/// timeout (<c>Database:HealthCheckTimeout</c>), so that a probe gets its "Unhealthy" before its own patience runs out.
/// </summary>
internal sealed class DatabaseReadyHealthCheck : IHealthCheck
{
    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;

    public DatabaseReadyHealthCheck(ExecutorsDbContext db, DatabaseGuard guard)
    {
        _db = db;
        _guard = guard;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Through the guard like every other read: a stale pooled connection after a restart does not fail the probe,
            // and an outage seen first (or ended) by a probe is logged like one seen by a request.
            return await _guard.ReadAsync(
                async () =>
                {
                    if (!await _db.Database.CanConnectAsync(cancellationToken))
                    {
                        return HealthCheckResult.Unhealthy("The database does not answer.");
                    }

                    var pending = await _db.Database.GetPendingMigrationsAsync(cancellationToken);
                    return pending.Any()
                        ? HealthCheckResult.Unhealthy("Migrations are pending.")
                        : HealthCheckResult.Healthy();
                },
                cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}
