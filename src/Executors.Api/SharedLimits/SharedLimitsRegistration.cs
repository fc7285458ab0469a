using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Executors.Api.SharedLimits;

/// <summary>The <c>Redis</c> section and the limits kept there (docs/adr/0008-abuse-protection.md, addendum).</summary>
internal static class SharedLimitsRegistration
{
    public static IServiceCollection AddSharedLimits(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => !options.Enabled || TryParse(options.Configuration!),
                "Redis:Configuration must be a StackExchange.Redis configuration string (host:port[,option=value...]) or empty.")
            .ValidateOnStart();
        services.AddSingleton<SharedLimitStore>();
        services.AddSingleton<SharedFailureCounts>();
        services.AddSingleton<SharedHashingBound>();
        services.AddHostedService<Connector>();

        // The readiness entry exists only with a Redis configured: without one there is nothing to report.
        services.AddHealthChecks();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<RedisOptions>>((health, redis) =>
        {
            if (redis.Value.Enabled)
            {
                health.Registrations.Add(new HealthCheckRegistration(
                    RedisHealthCheck.Name,
                    provider => ActivatorUtilities.CreateInstance<RedisHealthCheck>(provider),
                    HealthStatus.Degraded,
                    [Infrastructure.DependencyInjection.ReadinessTag]));
            }
        });
        return services;
    }

    private static bool TryParse(string configuration)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Connects at start (at most the connect timeout, never failing the start), not on the first sign-in.</summary>
    private sealed class Connector(SharedLimitStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(store);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
