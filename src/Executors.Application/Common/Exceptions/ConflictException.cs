namespace Executors.Application.Common.Exceptions;

/// <summary>Another request changed the same record first (a lost race). Maps to 409; the client may read and retry.</summary>
public sealed class ConflictException : Exception
{
    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException()
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
