namespace Executors.Api.Authentication;

/// <summary>A fixed window: when it started and how many attempts it has counted.</summary>
internal sealed class FailureWindow(DateTimeOffset start)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _start = start;
    private int _count;

    /// <summary>Counts one, unless <paramref name="limit"/> is already reached (then how long until the window ends).</summary>
    public bool TryAdd(DateTimeOffset now, TimeSpan length, int? limit, out DateTimeOffset start, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            if (now - _start >= length)
            {
                _start = now;
                _count = 0;
            }

            start = _start;
            retryAfter = _start + length - now;
            if (_count >= limit)
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    /// <summary>Takes back one count made in the window that started at <paramref name="start"/> (a later window owes nothing).</summary>
    public void TakeBack(DateTimeOffset start)
    {
        lock (_lock)
        {
            if (_start == start && _count > 0)
            {
                _count--;
            }
        }
    }

    public TimeSpan? RetryAfter(DateTimeOffset now, TimeSpan length, int limit)
    {
        lock (_lock)
        {
            var left = _start + length - now;
            return _count >= limit && left > TimeSpan.Zero ? left : null;
        }
    }
}
