using System.Text.Json.Serialization;
using Executors.Application.Common.Json;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

/// <summary>One log entry.</summary>
public sealed record LogEntryRequest
{
    /// <summary>When it was logged (ISO 8601, e.g. <c>2024-01-15T10:30:00.123456+00:00</c>; without an offset it is UTC)</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(IsoInstantConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>DEBUG, INFO, WARNING or ERROR, in any case (ERROR entries count in error_count and set last_error)</summary>
    [JsonPropertyName("level")]
    public string? Level { get; init; }

    /// <summary>The message</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The exception traceback attached, if any</summary>
    [JsonPropertyName("exc_info")]
    public string? ExceptionInfo { get; init; }
}
