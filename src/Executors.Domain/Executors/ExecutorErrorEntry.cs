namespace Executors.Domain.Executors;

/// <summary>One ERROR-level entry of an executor's log.</summary>
/// <param name="Timestamp">When the engine logged it.</param>
/// <param name="Message">The log message.</param>
/// <param name="ExceptionInfo">The exception the engine attached, if any (type and message, or a formatted trace).</param>
public sealed record ExecutorErrorEntry(DateTimeOffset Timestamp, string Message, string? ExceptionInfo);
