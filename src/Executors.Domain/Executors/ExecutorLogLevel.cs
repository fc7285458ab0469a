namespace Executors.Domain.Executors;

/// <summary>Python logging's levels, as Hummingbot's executors log: DEBUG, INFO, WARNING, ERROR.</summary>
public enum ExecutorLogLevel
{
    Debug = 10,
    Info = 20,
    Warning = 30,
    Error = 40,
}
