namespace Executors.Api.LiveUpdates;

/// <summary>
/// "Something this stream shows may have changed": set from the change feed's thread (cheap, never blocks), awaited by
/// the stream. Changes that come while the stream is reading set it again, so the stream reads once more; changes that
/// come before it reads are one read.
/// </summary>
internal sealed class ChangeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _set;

    public void Set()
    {
        if (Interlocked.Exchange(ref _set, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>True when set (and clears it), false after <paramref name="timeout"/> with nothing.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await _signal.WaitAsync(timeout, cancellationToken))
        {
            return false;
        }

        Interlocked.Exchange(ref _set, 0);
        return true;
    }

    public void Dispose() => _signal.Dispose();
}
