using Executors.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.SampleEngine;

/// <summary>
/// Runs <see cref="EngineLoop"/> at once and then every heartbeat interval until the host stops; beside it, unless
/// Engine:PushedStops is off, listens to the engine's stop stream and closes a stopped executor at once. After the
/// stream was lost and opened again, the held list is read once (stops missed meanwhile); the passes read it anyway.
/// </summary>
internal sealed partial class EngineWorker(EngineLoop loop, ExecutorStreamClient stream, IOptions<EngineOptions> options, TimeProvider time, ILogger<EngineWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EffectiveHeartbeatInterval;
        LogStarting(loop.EngineId, interval);
        var stops = options.Value.PushedStops ? Task.Run(() => ListenForStopsAsync(stoppingToken), CancellationToken.None) : Task.CompletedTask;
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

        await stops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ListenForStopsAsync(CancellationToken stoppingToken)
    {
        void Reconnected(object? sender, string engineId) =>
            _ = Task.Run(() => loop.ApplyStopsAsync(null, stoppingToken), CancellationToken.None);

        stream.EngineStreamReconnected += Reconnected;
        try
        {
            await foreach (var stop in stream.StreamEngineStopsAsync(loop.EngineId, cancellationToken: stoppingToken).ConfigureAwait(false))
            {
                LogStopPushed(loop.EngineId, stop.ExecutorId, stop.KeepPosition);
                await loop.ApplyStopsAsync(stop.ExecutorId, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ExecutorStreamException refused)
        {
            // E.g. an API without the stream (404) or a user without the writer role: the passes still see every stop.
            LogNoStopStream(loop.EngineId, refused.CloseStatus, refused.ServerMessage ?? refused.Message);
        }
        finally
        {
            stream.EngineStreamReconnected -= Reconnected;
        }
    }

    [LoggerMessage(LogLevel.Information, "Engine {EngineId} starting; a pass every {Interval}")]
    private partial void LogStarting(string engineId, TimeSpan interval);

    [LoggerMessage(LogLevel.Debug, "Engine {EngineId}: {Running} running, {Claimed} claimed, {Closed} closed")]
    private partial void LogPass(string engineId, int running, int claimed, int closed);

    [LoggerMessage(LogLevel.Error, "Engine {EngineId}: the pass failed; retrying on the next one")]
    private partial void LogPassFailed(Exception exception, string engineId);

    [LoggerMessage(LogLevel.Information, "Engine {EngineId}: stop of executor {ExecutorId} pushed (keep_position {KeepPosition})")]
    private partial void LogStopPushed(string engineId, string executorId, bool keepPosition);

    [LoggerMessage(LogLevel.Warning, "Engine {EngineId}: no stop stream ({Status}: {Reason}); stops are acted on at each pass only")]
    private partial void LogNoStopStream(string engineId, int? status, string reason);
}
