namespace Executors.Api.Security;

/// <summary>The caller's request rate allowance cannot pay for this request now (429 with Retry-After).</summary>
internal sealed class RateLimitedException : Exception
{
    public RateLimitedException(TimeSpan retryAfter, string message)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    public RateLimitedException()
        : this(TimeSpan.Zero, "Too many requests.")
    {
    }

    public RateLimitedException(string message)
        : this(TimeSpan.Zero, message)
    {
    }

    public RateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan RetryAfter { get; }
}
