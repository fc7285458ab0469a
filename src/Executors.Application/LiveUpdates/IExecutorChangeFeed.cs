namespace Executors.Application.LiveUpdates;

/// <summary>
/// The changes committed to the database by any API process, heard through PostgreSQL LISTEN/NOTIFY and fanned out
/// in this process. Handlers run on the listener's thread, one change at a time: they must be quick and must not
/// block (set a flag, write to a channel); a handler that throws is logged and does not stop the others.
/// </summary>
public interface IExecutorChangeFeed
{
    /// <summary>Calls <paramref name="onChange"/> for every change heard from now until the returned handle is disposed.</summary>
    IDisposable Subscribe(Action<ExecutorChange> onChange);

    /// <summary>Whether the listening connection is up (changes are being heard right now).</summary>
    bool IsListening { get; }

    /// <summary>Completes once the listening connection is up — so a test, or a subscriber, knows no later write is missed.</summary>
    Task WaitUntilListeningAsync(CancellationToken cancellationToken);
}
