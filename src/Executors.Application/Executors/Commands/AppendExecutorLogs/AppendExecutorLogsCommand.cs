using System.Text.Json.Serialization;
using Executors.Application.Common.Persistence;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

/// <summary>Append log entries to an executor's log.</summary>
public sealed record AppendExecutorLogsCommand(string ExecutorId, AppendExecutorLogsRequest Body) : ICommand<AppendExecutorLogsResponse>;

/// <summary>The body of <c>POST /executors/{executor_id}/logs</c>.</summary>
public sealed record AppendExecutorLogsRequest
{
    public const int MaxEntries = 1000;

    /// <summary>1–1000 entries, in any order</summary>
    [JsonPropertyName("entries")]
    public IReadOnlyList<LogEntryRequest>? Entries { get; init; }
}

/// <summary>One log entry.</summary>
public sealed record LogEntryRequest
{
    /// <summary>When it was logged (Unix seconds)</summary>
    [JsonPropertyName("timestamp")]
    public decimal? Timestamp { get; init; }

    /// <summary>DEBUG, INFO, WARNING or ERROR (ERROR entries count in error_count and set last_error)</summary>
    [JsonPropertyName("level")]
    public string? Level { get; init; }

    /// <summary>The message</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The exception attached, if any</summary>
    [JsonPropertyName("exception_info")]
    public string? ExceptionInfo { get; init; }
}

/// <summary>What the append did.</summary>
public sealed class AppendExecutorLogsResponse
{
    /// <summary>Entries appended by this request</summary>
    [JsonPropertyName("appended")]
    public required int Appended { get; init; }

    /// <summary>Entries now kept for the executor (bounded; the oldest go first)</summary>
    [JsonPropertyName("total_count")]
    public required int TotalCount { get; init; }

    /// <summary>The executor's error_count after the append</summary>
    [JsonPropertyName("error_count")]
    public required int ErrorCount { get; init; }
}
