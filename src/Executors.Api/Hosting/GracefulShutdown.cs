using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>
/// SIGTERM (or Ctrl-C) stops the listeners at once and lets requests in flight finish for up to
/// <see cref="ShutdownOptions.Timeout"/> before the process exits.
/// </summary>
internal static class GracefulShutdown
{
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>()
            .BindConfiguration(ShutdownOptions.SectionName)
            .Validate(options => options.Timeout >= TimeSpan.Zero, $"{ShutdownOptions.SectionName}:Timeout must not be negative.")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        return services;
    }
}
