using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Observability;

public static class ObservabilityRegistration
{
    /// <summary>The persistence side's metrics; created when the meter provider starts (the API asks for them).</summary>
    public static IServiceCollection AddInfrastructureMetrics(this IServiceCollection services)
    {
        services.AddSingleton<InfrastructureMetrics>();
        return services;
    }
}
