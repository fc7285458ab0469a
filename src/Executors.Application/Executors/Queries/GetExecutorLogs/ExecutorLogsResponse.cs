using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

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
