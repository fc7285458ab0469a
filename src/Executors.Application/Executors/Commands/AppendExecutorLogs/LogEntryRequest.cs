using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

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
