using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutorTypes;

/// <summary>The available executor types.</summary>
public sealed class ExecutorTypesResponse
{
    /// <summary>Every executor type, in Hummingbot's spelling</summary>
    [JsonPropertyName("executor_types")]
    public required IReadOnlyList<ExecutorTypeResponse> ExecutorTypes { get; init; }
}

/// <summary>One executor type.</summary>
public sealed class ExecutorTypeResponse
{
    /// <summary>The type, as executor_type spells it</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>What the executor does</summary>
    [JsonPropertyName("description")]
    public required string Description { get; init; }

    /// <summary>When to use it</summary>
    [JsonPropertyName("use_case")]
    public required string UseCase { get; init; }
}
