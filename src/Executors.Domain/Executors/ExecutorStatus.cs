namespace Executors.Domain.Executors;

/// <summary>An executor's life cycle, in the order it moves through it.</summary>
public enum ExecutorStatus
{
    NotStarted = 0,
    Running = 1,
    ShuttingDown = 2,
    Terminated = 3,
}
