namespace Executors.Application.Common.Exceptions;

/// <summary>
/// The store could not be reached or did not answer in time. Persistence adapters translate their driver's
/// transient failures into this; it maps to 503 with Retry-After, never to 404 or 500.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException(Exception innerException)
        : base("The executor store is unavailable.", innerException)
    {
    }

    public DatabaseUnavailableException()
        : base("The executor store is unavailable.")
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
