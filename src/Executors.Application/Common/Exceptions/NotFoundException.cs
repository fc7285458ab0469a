namespace Executors.Application.Common.Exceptions;

/// <summary>The requested resource does not exist (or is not visible to the caller). Maps to 404.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string resource, string key)
        : base($"{resource} '{key}' was not found.")
    {
        Resource = resource;
        Key = key;
    }

    public NotFoundException()
        : this("Resource", string.Empty)
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
        Resource = "Resource";
        Key = string.Empty;
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Resource = "Resource";
        Key = string.Empty;
    }

    public string Resource { get; }

    public string Key { get; }
}
