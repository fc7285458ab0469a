using System.Text;
using System.Text.Json;
using Executors.Api.Authentication;
using Executors.Api.Errors;
using Executors.Application.Common.Exceptions;
using Executors.Application.LiveUpdates;
using MediatR;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// The Server-Sent Events streams (docs/streams.md). A stream subscribes to the change feed before its first read,
/// reads again when a change it may show is heard (never on a timer), and writes and flushes each event as it is read.
/// Every event's id is the mark of the read that produced it (ADR 16), and each read after the first asks only for
/// what was written since the previous mark. It ends when the client goes away or the application stops.
/// </summary>
internal sealed class ServerSentEvents
{
    public const string ContentType = "text/event-stream";
    public const string LastEventIdHeader = "Last-Event-ID";

    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");

    private readonly IExecutorChangeFeed _feed;
    private readonly EventStreamOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly JsonSerializerOptions _json;
    private readonly LiveConnectionLimiter _limiter;

    public ServerSentEvents(
        IExecutorChangeFeed feed,
        IOptions<EventStreamOptions> options,
        IHostApplicationLifetime lifetime,
        IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json,
        LiveConnectionLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(json);
        _feed = feed;
        _options = options.Value;
        _lifetime = lifetime;
        _json = json.Value.JsonSerializerOptions;
        _limiter = limiter;
    }

    /// <summary>
    /// A place among the user's live connections (WebSocket and SSE counted together), or null after a 429 problem
    /// has been written: the user already holds <see cref="LiveConnectionLimiter.MaxPerUser"/>.
    /// </summary>
    private async Task<IDisposable?> TryOpenAsync(HttpContext context)
    {
        var userName = context.User.Identity?.Name ?? string.Empty;
        if (_limiter.TryAcquire(userName) is { } connection)
        {
            return connection;
        }

        await ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Too Many Requests",
            $"Too many live connections: user '{userName}' already has {_limiter.MaxPerUser} open (LiveUpdates:MaxConnectionsPerUser). Close one first.");
        return null;
    }

    /// <summary>
    /// <c>executor</c> events: every executor <paramref name="first"/> reads, then each one written since, as changes
    /// heard for its executor (or any executor, for a filter stream) in the caller's accounts come. Validation and
    /// not-found answers come from the first read, before anything is sent.
    /// </summary>
    public Task StreamExecutorsAsync(HttpContext context, IMediator mediator, ReadExecutorEventsQuery first)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(mediator);
        ArgumentNullException.ThrowIfNull(first);
        var accounts = VisibleAccounts(context);
        return RunAsync<ExecutorEventBatch>(
            context,
            change => change.Kind is ExecutorChangeKind.Executor && change.IsVisibleTo(accounts)
                && (first.ExecutorId is null || string.Equals(change.ExecutorId, first.ExecutorId, StringComparison.Ordinal)),
            (previous, cancellationToken) => mediator.Send(previous is null ? first : first with { Since = previous.Mark, First = false }, cancellationToken),
            async (batch, cancellationToken) =>
            {
                foreach (var executor in batch.Executors)
                {
                    await WriteEventAsync(context.Response, batch.Mark, "executor", JsonSerializer.SerializeToUtf8Bytes(executor, _json), cancellationToken);
                }
            });
    }

    /// <summary>
    /// <c>stop_requested</c> events for the executors an engine holds: the pending ones at once, then each new one as
    /// it is asked for (or as the engine comes to hold an executor with a stop pending).
    /// </summary>
    public Task StreamStopRequestsAsync(HttpContext context, IMediator mediator, ReadStopRequestsQuery query)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(mediator);
        ArgumentNullException.ThrowIfNull(query);
        var accounts = VisibleAccounts(context);
        var sent = new HashSet<(string, DateTimeOffset)>();
        return RunAsync<StopRequestBatch>(
            context,
            change => change.Kind is ExecutorChangeKind.Executor or ExecutorChangeKind.Lease && change.IsVisibleTo(accounts),
            (_, cancellationToken) => mediator.Send(query, cancellationToken),
            async (batch, cancellationToken) =>
            {
                // What is still pending and was sent stays in the set; what is no longer pending leaves it.
                var pending = new HashSet<(string, DateTimeOffset)>();
                foreach (var stop in batch.StopRequests)
                {
                    var key = (stop.ExecutorId, stop.StopRequestedAt);
                    pending.Add(key);
                    if (!sent.Contains(key))
                    {
                        await WriteEventAsync(context.Response, batch.Mark, "stop_requested", JsonSerializer.SerializeToUtf8Bytes(stop, _json), cancellationToken);
                    }
                }

                sent = pending;
            });
    }

    /// <summary>
    /// One stream: a place among the user's live connections, a subscription to the change feed taken before the first
    /// read (so no change between the read and the wait is missed), the first read (whose 400 or 404 is still an
    /// ordinary answer), then write, flush, wait for a <paramref name="relevant"/> change (or a resync), read again —
    /// until the client goes away, the application stops, or the database cannot be read (the client resumes).
    /// </summary>
    private async Task RunAsync<TBatch>(
        HttpContext context,
        Func<ExecutorChange, bool> relevant,
        Func<TBatch?, CancellationToken, Task<TBatch>> read,
        Func<TBatch, CancellationToken, Task> write)
        where TBatch : class
    {
        using var connection = await TryOpenAsync(context);
        if (connection is null)
        {
            return;
        }

        using var signal = new ChangeSignal();
        using var subscription = _feed.Subscribe(change =>
        {
            if (change.Kind is ExecutorChangeKind.Resync || relevant(change))
            {
                signal.Set();
            }
        });
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        await WaitForFeedAsync(cancellationToken);

        var batch = await read(null, cancellationToken);
        await StartAsync(context.Response, cancellationToken);
        try
        {
            while (true)
            {
                await write(batch, cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                await WaitForChangeAsync(context.Response, signal, cancellationToken);
                batch = await read(batch, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the application is stopping: the stream simply ends.
        }
        catch (DatabaseUnavailableException)
        {
            // Nothing more can be read for now: the stream ends, and the client's reconnect resumes from its last id.
        }
    }

    /// <summary>The accounts a change must belong to for this caller to hear of it; null for every account.</summary>
    private static HashSet<string>? VisibleAccounts(HttpContext context)
    {
        var scope = HttpCurrentUser.ScopeOf(context.User);
        return scope.IsAll ? null : new HashSet<string>(scope.Accounts, StringComparer.Ordinal);
    }

    private static async Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteEventAsync(HttpResponse response, string id, string name, byte[] data, CancellationToken cancellationToken)
    {
        // The data is one line: JSON written without indentation escapes every line break inside strings.
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"id: {id}\nevent: {name}\ndata: "), cancellationToken);
        await response.Body.WriteAsync(data, cancellationToken);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
    }

    /// <summary>Waits for a change, sending a keep-alive comment each interval that passes without one.</summary>
    private async Task WaitForChangeAsync(HttpResponse response, ChangeSignal signal, CancellationToken cancellationToken)
    {
        while (!await signal.WaitAsync(_options.KeepAliveInterval, cancellationToken))
        {
            await response.Body.WriteAsync(KeepAlive, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Until the feed hears changes, a write after the first read could go unnoticed: wait for it, briefly (a feed that is
    /// down announces a resync once it is back, and the stream reads again then).
    /// </summary>
    private async Task WaitForFeedAsync(CancellationToken cancellationToken)
    {
        if (_feed.IsListening)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FeedWaitTimeout);
        try
        {
            await _feed.WaitUntilListeningAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
