using System.Text.Json.Serialization;
using Executors.Application.Common.Json;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

/// <summary>One log entry.</summary>
public sealed class ExecutorLogEntryResponse
{
    /// <summary>When it was logged (ISO 8601, UTC)</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(IsoInstantConverter))]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>DEBUG, INFO, WARNING or ERROR</summary>
    [JsonPropertyName("level")]
    public required string Level { get; init; }

    /// <summary>The message</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>The exception traceback attached, if any</summary>
    [JsonPropertyName("exc_info")]
    public required string? ExceptionInfo { get; init; }
}
