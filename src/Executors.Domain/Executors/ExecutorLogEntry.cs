using Executors.Domain.Common;

namespace Executors.Domain.Executors;

/// <summary>One entry of an executor's log, as the engine captured it.</summary>
public sealed class ExecutorLogEntry
{
    // For EF Core materialization only.
    private ExecutorLogEntry()
    {
        ExecutorId = string.Empty;
        Message = string.Empty;
    }

    /// <summary>Database key; also the arrival order of entries with equal timestamps.</summary>
    public long Id { get; private set; }

    public string ExecutorId { get; private set; }

    public DateTimeOffset Timestamp { get; private set; }

    public ExecutorLogLevel Level { get; private set; }

    public string Message { get; private set; }

    public string? ExceptionInfo { get; private set; }

    public static ExecutorLogEntry Create(string executorId, DateTimeOffset timestamp, ExecutorLogLevel level, string message, string? exceptionInfo)
    {
        if (!ExecutorIds.IsWellFormed(executorId))
        {
            throw new DomainException("executor_id is not well formed.");
        }

        if (!Enum.IsDefined(level))
        {
            throw new DomainException("level must be DEBUG, INFO, WARNING or ERROR.");
        }

        if (string.IsNullOrWhiteSpace(message) || message.Length > Executor.MaxErrorMessageLength)
        {
            throw new DomainException($"message must be 1-{Executor.MaxErrorMessageLength} characters.");
        }

        if (exceptionInfo is { Length: > Executor.MaxExceptionInfoLength })
        {
            throw new DomainException($"exc_info may be at most {Executor.MaxExceptionInfoLength} characters.");
        }

        return new ExecutorLogEntry
        {
            ExecutorId = executorId,
            Timestamp = timestamp.ToUniversalTime(),
            Level = level,
            Message = message,
            ExceptionInfo = exceptionInfo,
        };
    }
}
