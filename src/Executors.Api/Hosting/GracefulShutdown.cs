namespace Executors.Api.Hosting;

/// <summary>
/// SIGTERM (or Ctrl-C) stops the listeners at once and lets requests in flight finish for up to
/// <c>Shutdown:Timeout</c> (default 30 s, below a container orchestrator's usual grace period) before the process exits.
/// </summary>
internal static class GracefulShutdown
{
    public const string TimeoutKey = "Shutdown:Timeout";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue<TimeSpan?>(TimeoutKey) ?? DefaultTimeout;
        if (timeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{TimeoutKey} must not be negative (it is {timeout}).");
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
        return builder;
    }
}
