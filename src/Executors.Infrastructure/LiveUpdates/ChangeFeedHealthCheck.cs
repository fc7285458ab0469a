using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Executors.Infrastructure.LiveUpdates;

/// <summary>
/// Part of <c>/health/ready</c>: Degraded (still 200, still in the load balancer) while the change feed is not
/// listening, since requests are served as ever and only live subscribers wait. A moment's patience covers start-up,
/// when the listener connects just after the first request may ask; once the feed has listened, a lost connection is
/// Degraded at once — a probe must not wait a second while the primary is down (a load balancer's check would time
/// out and take every replica out of rotation, though they all still serve reads).
/// </summary>
internal sealed class ChangeFeedHealthCheck(ExecutorChangeHub feed) : IHealthCheck
{
    /// <summary>How long a check waits for a listener that is connecting.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!feed.IsListening && feed.HasListened)
        {
            return HealthCheckResult.Degraded("The change feed is not listening: live updates are paused.");
        }

        if (!feed.IsListening)
        {
            try
            {
                await feed.WaitUntilListeningAsync(cancellationToken).WaitAsync(Patience, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Degraded("The change feed is not listening: live updates are paused.");
            }
        }

        return HealthCheckResult.Healthy();
    }
}
