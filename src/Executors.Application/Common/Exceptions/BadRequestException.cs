namespace Executors.Application.Common.Exceptions;

/// <summary>
/// A well-formed request that cannot be done in the record's present state and that hummingbot-api answers 400 (not a
/// validation failure of a field: the problem has a <c>detail</c> and no <c>errors</c>). Maps to 400.
/// </summary>
public sealed class BadRequestException : Exception
{
    public BadRequestException(string message)
        : base(message)
    {
    }

    public BadRequestException()
    {
    }

    public BadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
