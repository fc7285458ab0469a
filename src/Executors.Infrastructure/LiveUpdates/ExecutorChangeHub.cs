using Executors.Application.LiveUpdates;
using Microsoft.Extensions.Logging;

namespace Executors.Infrastructure.LiveUpdates;

/// <summary>
/// The in-process fan-out of <see cref="IExecutorChangeFeed"/>: the listener publishes what it hears, each subscriber's
/// handler is called in turn. The subscriber list is copied on write, so publishing never takes a lock.
/// </summary>
internal sealed partial class ExecutorChangeHub : IExecutorChangeFeed
{
    private readonly ILogger<ExecutorChangeHub> _logger;
    private readonly Lock _gate = new();
    private Action<ExecutorChange>[] _handlers = [];
    private TaskCompletionSource _listening = NewListening();
    private bool _hasListened;
    private long _sequence;

    public ExecutorChangeHub(ILogger<ExecutorChangeHub> logger)
    {
        _logger = logger;
    }

    public bool IsListening => _listening.Task.IsCompletedSuccessfully;

    public Task WaitUntilListeningAsync(CancellationToken cancellationToken) => Volatile.Read(ref _listening).Task.WaitAsync(cancellationToken);

    public IDisposable Subscribe(Action<ExecutorChange> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        lock (_gate)
        {
            _handlers = [.. _handlers, onChange];
        }

        return new Subscription(this, onChange);
    }

    /// <summary>The number of subscribers right now (for metrics and tests).</summary>
    public int SubscriberCount => Volatile.Read(ref _handlers).Length;

    internal void Publish(ExecutorChangeKind kind, string? executorId, string? accountName)
    {
        var change = new ExecutorChange(kind, executorId, accountName, Interlocked.Increment(ref _sequence));
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // One subscriber's failure must not keep the change from the others.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogHandlerFailed(exception, kind);
            }
        }
    }

    /// <summary>Whether the feed has listened at least once since the process started (start-up is over).</summary>
    internal bool HasListened => Volatile.Read(ref _hasListened);

    internal void MarkListening()
    {
        Volatile.Write(ref _hasListened, true);
        Volatile.Read(ref _listening).TrySetResult();
    }

    internal void MarkNotListening()
    {
        lock (_gate)
        {
            if (_listening.Task.IsCompleted)
            {
                _listening = NewListening();
            }
        }
    }

    private void Unsubscribe(Action<ExecutorChange> onChange)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, onChange);
            if (index >= 0)
            {
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
            }
        }
    }

    private static TaskCompletionSource NewListening() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Error, Message = "A change-feed subscriber failed on a {Kind} change")]
    private partial void LogHandlerFailed(Exception exception, ExecutorChangeKind kind);

    private sealed class Subscription(ExecutorChangeHub hub, Action<ExecutorChange> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Unsubscribe(onChange);
            }
        }
    }
}
