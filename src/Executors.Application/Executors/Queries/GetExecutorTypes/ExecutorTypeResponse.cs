using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutorTypes;

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
