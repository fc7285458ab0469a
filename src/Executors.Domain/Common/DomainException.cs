namespace Executors.Domain.Common;

/// <summary>A domain rule was broken. The message names the rule; it is safe to show to a client.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DomainException()
    {
    }
}
