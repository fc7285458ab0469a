namespace Executors.Application.Common.Exceptions;

/// <summary>
/// The caller may not do this, and saying so reveals nothing it did not send itself (e.g. reporting an executor for
/// an account it may not write). Maps to 403.
/// </summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
        : base("Forbidden.")
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
