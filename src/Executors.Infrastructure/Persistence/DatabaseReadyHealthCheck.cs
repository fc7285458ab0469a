using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Executors.Infrastructure.Persistence;

/// <summary>Ready means: the database answers and every migration this build knows is applied.</summary>
internal sealed class DatabaseReadyHealthCheck : IHealthCheck
{
    private readonly ExecutorsDbContext _db;

    public DatabaseReadyHealthCheck(ExecutorsDbContext db)
    {
        _db = db;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await _db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = await _db.Database.GetPendingMigrationsAsync(cancellationToken);
            return pending.Any()
                ? HealthCheckResult.Unhealthy("Migrations are pending.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception))
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}
