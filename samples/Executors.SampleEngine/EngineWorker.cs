using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.SampleEngine;

/// <summary>Runs <see cref="EngineLoop"/> at once and then every heartbeat interval until the host stops.</summary>
internal sealed partial class EngineWorker(EngineLoop loop, IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EffectiveHeartbeatInterval;
        LogStarting(loop.EngineId, interval);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    var pass = await loop.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    if (pass.ApiReachable)
                    {
                        LogPass(loop.EngineId, pass.Running, pass.Claimed, pass.Closed);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever went wrong in this pass, the next one starts over from the API's answers.
                    LogPassFailed(exception, loop.EngineId);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the leases run out unless this engine (same id) comes back first.
        }
    }

    [LoggerMessage(LogLevel.Information, "Engine {EngineId} starting; a pass every {Interval}")]
    private partial void LogStarting(string engineId, TimeSpan interval);

    [LoggerMessage(LogLevel.Debug, "Engine {EngineId}: {Running} running, {Claimed} claimed, {Closed} closed")]
    private partial void LogPass(string engineId, int running, int claimed, int closed);

    [LoggerMessage(LogLevel.Error, "Engine {EngineId}: the pass failed; retrying on the next one")]
    private partial void LogPassFailed(Exception exception, string engineId);
}
