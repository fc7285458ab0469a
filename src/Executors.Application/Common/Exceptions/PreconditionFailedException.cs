namespace Executors.Application.Common.Exceptions;

/// <summary>A conditional request's precondition (If-Match, If-None-Match) does not hold. Maps to 412.</summary>
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException()
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
