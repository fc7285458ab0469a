using Executors.Application.Common.Persistence;
using Executors.Application.Executors.Queries;
using Executors.Infrastructure.Caching;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Persistence.Repositories;
using Executors.Application.Positions;
using Executors.Domain.Positions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Executors";

    /// <summary>The health-check tag of the checks that say whether the service can serve requests.</summary>
    public const string ReadinessTag = "ready";

    /// <summary>
    /// Opens a connection to the primary and runs one statement there (a look for <paramref name="absentExecutorId"/>,
    /// which no executor has): the write side's pool and EF Core's relational path, warmed before the API listens.
    /// <paramref name="services"/> is a scope's provider.
    /// </summary>
    public static async Task WarmUpPrimaryAsync(IServiceProvider services, string absentExecutorId, CancellationToken cancellationToken)
    {
        var primary = services.GetRequiredService<Persistence.ExecutorsDbContext>();
        _ = await primary.Executors.AsNoTracking().AnyAsync(executor => executor.ExecutorId == absentExecutorId, cancellationToken);
    }

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                $"No connection string: set ConnectionStrings:{ConnectionStringName} (e.g. the environment variable " +
                $"ConnectionStrings__{ConnectionStringName}).");
        }

        // Timeouts and pool size set deliberately where the operator did not (ADR 9). No retrying execution strategy:
        // reads are retried once by DatabaseGuard, writes never, and the hot read path stays free of EF's retry machinery.
        // A multi-host primary string is made to target the primary (writes, LISTEN, migrations need it).
        var connectionString = Persistence.Replicas.ReplicaConnectionStrings.Primary(configured);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseGuard>();

        // Pooled contexts: the read path rents a ready context instead of building one per request.
        services.AddDbContextPool<ExecutorsDbContext>(options => ConfigureContext(options, connectionString));

        // Reads from standbys when ConnectionStrings:ExecutorsRead is set (a second pool, same context type).
        Persistence.Replicas.ReplicaRegistration.AddReadReplicas(services, configuration, ConfigureContext);

        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IExecutorRepository, ExecutorRepository>();
        services.AddScoped<IExecutorReadStore, ExecutorReadStore>();
        services.AddScoped<IExecutorLogRepository, ExecutorLogRepository>();
        services.AddScoped<IPositionHoldRepository, PositionHoldRepository>();
        services.AddScoped<IPositionHoldReadStore, PositionHoldReadStore>();
        services.AddScoped<Application.Executors.Commands.CreateExecutor.IIdempotentRequests, Persistence.Idempotency.IdempotentRequests>();
        services.AddScoped<Application.Engines.IExecutorLeases, Persistence.Engines.ExecutorLeases>();
        services.AddScoped<Application.Engines.LeaseState.ILeaseReadStore, Persistence.Engines.LeaseReadStore>();
        services.AddScoped<Application.LiveUpdates.IStreamTickets, Persistence.LiveUpdates.StreamTickets>();
        services.AddScoped<Application.LiveUpdates.IExecutorEventReads, Persistence.LiveUpdates.ExecutorEventReads>();

        services.AddTerminatedExecutorCache();
        Observability.ObservabilityRegistration.AddInfrastructureMetrics(services);

        // The change feed (ADR 16): one listening connection per process, its fan-out shared by every subscriber.
        services.AddSingleton(new LiveUpdates.ChangeFeedConnection(connectionString));
        services.AddSingleton<LiveUpdates.ExecutorChangeHub>();
        services.AddSingleton<Application.LiveUpdates.IExecutorChangeFeed>(provider => provider.GetRequiredService<LiveUpdates.ExecutorChangeHub>());
        services.AddHostedService<LiveUpdates.ExecutorChangeListener>();

        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Validate(options => options.HealthCheckTimeout > TimeSpan.Zero, $"{DatabaseOptions.SectionName}:HealthCheckTimeout must be positive.")
            .ValidateOnStart();
        services.AddHealthChecks();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<DatabaseOptions>>((health, database) =>
            health.Registrations.Add(new HealthCheckRegistration(
                "database",
                provider => ActivatorUtilities.GetServiceOrCreateInstance<DatabaseReadyHealthCheck>(provider),
                failureStatus: null,
                tags: [ReadinessTag],
                timeout: database.Value.HealthCheckTimeout)));
        services.AddHealthChecks().AddCheck<LiveUpdates.ChangeFeedHealthCheck>("change-feed", HealthStatus.Degraded, [ReadinessTag]);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseInitializer>();

        // Idempotency-Key answers past their 24 hours, deleted in the background.
        services.AddOptions<Persistence.Idempotency.IdempotencyOptions>()
            .BindConfiguration(Persistence.Idempotency.IdempotencyOptions.SectionName)
            .Validate(options => options.PurgeInterval > TimeSpan.Zero && options.PurgeInterval <= TimeSpan.FromDays(1), $"{Persistence.Idempotency.IdempotencyOptions.SectionName}:PurgeInterval must be more than zero and at most a day.")
            .Validate(options => options.PurgeBatchSize is >= 1 and <= 100_000, $"{Persistence.Idempotency.IdempotencyOptions.SectionName}:PurgeBatchSize must be between 1 and 100000.")
            .ValidateOnStart();
        services.AddHostedService<Persistence.Idempotency.IdempotentRequestPurger>();

        return services;
    }

    private static void ConfigureContext(DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(connectionString)
        .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
        // A failed query reaches the API's exception handler, which logs it once with the request; EF Core's own
        // error events for the same failure would log it twice (or three times), so they go to Debug.
        .ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));
}
