using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

/// <summary>The body of <c>POST /executors/{executor_id}/logs</c>.</summary>
public sealed record AppendExecutorLogsRequest
{
    public const int MaxEntries = 1000;

    /// <summary>1–1000 entries, in any order</summary>
    [JsonPropertyName("entries")]
    public IReadOnlyList<LogEntryRequest>? Entries { get; init; }
}
