using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

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
