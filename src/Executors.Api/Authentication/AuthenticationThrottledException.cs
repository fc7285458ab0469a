namespace Executors.Api.Authentication;

/// <summary>The authentication failure that means "too many failed checks: retry after this long" (429, not 401).</summary>
internal sealed class AuthenticationThrottledException : Exception
{
    public AuthenticationThrottledException(TimeSpan retryAfter)
        : base("Too many failed authentication attempts.")
    {
        RetryAfter = retryAfter;
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
}
