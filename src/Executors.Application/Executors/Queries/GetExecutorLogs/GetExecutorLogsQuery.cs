using System.Text.Json.Serialization;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

/// <summary>An executor's newest log entries (of one level, if given), newest last.</summary>
public sealed record GetExecutorLogsQuery(string ExecutorId, string? Level, int? Limit) : IRequest<ExecutorLogsResponse>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
}

/// <summary>An executor's log.</summary>
public sealed class ExecutorLogsResponse
{
    /// <summary>Unique executor identifier</summary>
    [JsonPropertyName("executor_id")]
    public required string ExecutorId { get; init; }

    /// <summary>The newest entries, oldest first (newest last)</summary>
    [JsonPropertyName("logs")]
    public required IReadOnlyList<ExecutorLogEntryResponse> Logs { get; init; }

    /// <summary>How many entries (of that level) are kept in all</summary>
    [JsonPropertyName("total_count")]
    public required int TotalCount { get; init; }
}

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
