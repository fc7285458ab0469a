namespace Executors.Api.Authentication;

/// <summary>
/// The authentication failure that means "retry after this long", not "wrong credentials": 429 when too many checks
/// failed, 503 when the password-hashing gate is full (<see cref="Busy"/>). Neither comes with a Basic challenge.
/// </summary>
internal sealed class AuthenticationThrottledException : Exception
{
    public AuthenticationThrottledException(TimeSpan retryAfter, bool busy = false)
        : base(busy ? "Too many password checks in progress." : "Too many failed authentication attempts.")
    {
        RetryAfter = retryAfter;
        Busy = busy;
    }

    public AuthenticationThrottledException()
        : this(TimeSpan.Zero)
    {
    }

    public AuthenticationThrottledException(string message)
        : base(message)
    {
    }

    public AuthenticationThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan RetryAfter { get; }

    /// <summary>The hashing gate was full (503), rather than a failure limit reached (429).</summary>
    public bool Busy { get; }
}
