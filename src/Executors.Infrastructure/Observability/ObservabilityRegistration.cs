using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Executors.Infrastructure.Observability;

internal static class ObservabilityRegistration
{
    /// <summary>
    /// The persistence side's metrics (<see cref="InfrastructureMetrics"/>), created at start so that the first
    /// collection already sees their instruments. Nothing is measured unless a meter provider listens.
    /// </summary>
    public static IServiceCollection AddInfrastructureMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .Validate(options => options.ExecutorCountMaxAge >= TimeSpan.FromSeconds(1), "Observability:ExecutorCountMaxAge must be at least 1 second.")
            .ValidateOnStart();
        services.AddSingleton<InfrastructureMetrics>();
        services.AddHostedService<Starter>();
        return services;
    }

    /// <summary>Creates the metrics when the container has a meter factory (every host does; a bare container may not).</summary>
    private sealed class Starter(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (services.GetService<System.Diagnostics.Metrics.IMeterFactory>() is not null)
            {
                services.GetRequiredService<InfrastructureMetrics>();
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
