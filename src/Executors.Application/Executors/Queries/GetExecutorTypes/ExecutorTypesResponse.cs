using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutorTypes;

/// <summary>The available executor types.</summary>
public sealed class ExecutorTypesResponse
{
    /// <summary>Every executor type, in Hummingbot's spelling</summary>
    [JsonPropertyName("executor_types")]
    public required IReadOnlyList<ExecutorTypeResponse> ExecutorTypes { get; init; }
}
