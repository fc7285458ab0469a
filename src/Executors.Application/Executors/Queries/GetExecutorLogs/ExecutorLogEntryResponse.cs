using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

/// <summary>One log entry.</summary>
public sealed class ExecutorLogEntryResponse
{
    /// <summary>When it was logged (Unix seconds)</summary>
    [JsonPropertyName("timestamp")]
    public required decimal Timestamp { get; init; }

    /// <summary>DEBUG, INFO, WARNING or ERROR</summary>
    [JsonPropertyName("level")]
    public required string Level { get; init; }

    /// <summary>The message</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>The exception attached, if any</summary>
    [JsonPropertyName("exception_info")]
    public required string? ExceptionInfo { get; init; }
}
