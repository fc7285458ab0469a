using System.Diagnostics;
using Executors.Api.SharedLimits;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using MediatR;
using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>The <c>WarmUp</c> configuration section.</summary>
public sealed class WarmUpOptions
{
    public const string SectionName = "WarmUp";

    /// <summary>Whether the process runs its hot paths once before it starts listening (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The most the warm-up may delay listening: a database or Redis that does not answer at start costs this long at
    /// most, and the process then starts cold (readiness says what is missing).
    /// </summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs the paths every request takes once, before Kestrel accepts a connection (hosted services start before the
/// server): the shared-limit script in Redis, a GET through MediatR, validation, the TERMINATED cache, EF Core and the
/// read pool (an id that cannot exist, so nothing is found), and a statement on the primary. A replica that joins a
/// load balancer otherwise answers its first requests seconds late — compiling queries, opening pools, loading the
/// Redis script while PBKDF2 checks of the users that move to it compete for the same cores (the cluster drill's
/// restart step timed requests out at 5 s). Every part is best effort: a failure is logged and the process starts.
/// </summary>
internal sealed partial class StartupWarmUp(
    IServiceScopeFactory scopes,
    SharedLimitStore sharedLimits,
    IOptions<WarmUpOptions> options,
    ILogger<StartupWarmUp> logger) : IHostedService
{
    /// <summary>Well formed, and in no account's reach: the GET finds nothing and writes nothing.</summary>
    internal const string AbsentExecutorId = "executors-api-warm-up.0";

    /// <summary>How the last warm-up went (for tests and the log): which parts ran, and how long it took.</summary>
    internal WarmUpReport? Report { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(settings.MaxDuration);
        var redis = sharedLimits.Configured && await TryAsync("redis", WarmRedisAsync, bound.Token);
        var read = await TryAsync("read", WarmReadAsync, bound.Token);
        var primary = await TryAsync("primary", WarmPrimaryAsync, bound.Token);
        cancellationToken.ThrowIfCancellationRequested();
        Report = new WarmUpReport(redis, read, primary, watch.Elapsed);
        LogWarmedUp(logger, watch.Elapsed.TotalMilliseconds, redis, read, primary);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> TryAsync(string part, Func<CancellationToken, Task> warm, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // A database that accepts connections and never answers is not stopped by the token (Npgsql's connect honours
        // its own Timeout): the step is left to end by itself, observed, and the warm-up goes on.
        var step = warm(cancellationToken);
        _ = step.ContinueWith(static ended => GC.KeepAlive(ended.Exception), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            await step.WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Whatever failed here fails the same way for a request, which answers it as it must (503, per-process limits).
            LogPartFailed(logger, part, failure.GetType().Name, failure.Message);
            return false;
        }
    }

    /// <summary>One look at a throwaway window: connects, loads the rate-limit script, JIT-compiles the library's path.</summary>
    private Task WarmRedisAsync(CancellationToken cancellationToken) =>
        SharedWindow.PeekAsync(sharedLimits, sharedLimits.KeyPrefix + "warm-up", 1, TimeSpan.FromSeconds(1), cancellationToken).AsTask();

    private async Task WarmReadAsync(CancellationToken cancellationToken)
    {
        // Outside a request the current user has no account: the GET's query for a restricted caller runs through the
        // whole pipeline and finds nothing, as for a stranger. A caller of every account ('*') has a query of its own.
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetExecutorQuery(AbsentExecutorId), cancellationToken);
        GC.KeepAlive(result);
        _ = await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().FindAsync(AbsentExecutorId, AccountScope.All, cancellationToken);
    }

    private async Task WarmPrimaryAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Infrastructure.DependencyInjection.WarmUpPrimaryAsync(scope.ServiceProvider, AbsentExecutorId, cancellationToken);
    }

    [LoggerMessage(EventId = 1301, EventName = "WarmedUp", Level = LogLevel.Information,
        Message = "Warmed up in {Milliseconds:0} ms before listening (Redis {Redis}, reads {Read}, primary {Primary})")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds, bool redis, bool read, bool primary);

    [LoggerMessage(EventId = 1302, EventName = "WarmUpPartFailed", Level = LogLevel.Warning,
        Message = "The start-up warm-up's {Part} step failed ({FailureType}: {FailureMessage}); the process starts anyway")]
    private static partial void LogPartFailed(ILogger logger, string part, string failureType, string failureMessage);
}

/// <summary>Which warm-up steps ran to the end, and how long the warm-up delayed listening.</summary>
internal sealed record WarmUpReport(bool Redis, bool Read, bool Primary, TimeSpan Duration);
