using System.Text.Json;
using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>Detailed response for a single executor.</summary>
public sealed class ExecutorDetailResponse : ExecutorResponse
{
    /// <summary>Full executor configuration</summary>
    /// <remarks>Ordered after the inherited fields, where the contract lists it (serializers put derived members first).</remarks>
    [JsonPropertyName("config")]
    [JsonPropertyOrder(1)]
    public JsonElement? Config { get; init; }

    /// <summary>Executor-specific custom information</summary>
    [JsonPropertyName("custom_info")]
    [JsonPropertyOrder(2)]
    public JsonElement? CustomInfo { get; init; }

    /// <summary>The record's entity tag (sent as the ETag header, not in the body).</summary>
    [JsonIgnore]
    public string ETag { get; init; } = string.Empty;
}
