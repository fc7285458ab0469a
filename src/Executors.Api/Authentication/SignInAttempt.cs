namespace Executors.Api.Authentication;

/// <summary>One counted attempt (or a refusal): what to take back when it turns out not to be a failure.</summary>
internal sealed class SignInAttempt
{
    private List<(FailureWindow Window, DateTimeOffset Start)>? _counted;

    private SignInAttempt(List<(FailureWindow, DateTimeOffset)>? counted, TimeSpan? retryAfter, ThrottleLimit limit)
    {
        _counted = counted;
        RetryAfter = retryAfter;
        Limit = limit;
    }

    /// <summary>Set when the attempt was refused: how long until the limit that refused it frees up.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Which limit refused the attempt.</summary>
    public ThrottleLimit Limit { get; }

    /// <summary>The password was right: the attempt was no failure.</summary>
    public void Succeeded() => Release();

    /// <summary>The password was never checked (no hashing slot, the client went away): no failure either.</summary>
    public void Abandoned() => Release();

    internal static SignInAttempt Allowed(List<(FailureWindow, DateTimeOffset)> counted) => new(counted, null, ThrottleLimit.None);

    internal static SignInAttempt Refused(TimeSpan retryAfter, ThrottleLimit limit) => new(null, retryAfter, limit);

    internal static void TakeBack(List<(FailureWindow Window, DateTimeOffset Start)> counted)
    {
        foreach (var (window, start) in counted)
        {
            window.TakeBack(start);
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _counted, null) is { } counted)
        {
            TakeBack(counted);
        }
    }
}
