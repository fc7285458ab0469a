using System.Text.Json.Serialization;
using Executors.Application.Common.Json;

namespace Executors.Application.Executors.Queries.GetExecutor;

/// <summary>Detailed response for a single executor.</summary>
public sealed class ExecutorDetailResponse : ExecutorResponse
{
    /// <summary>Full executor configuration</summary>
    /// <remarks>
    /// Ordered after the inherited fields, where the contract lists it (serializers put derived members first). Held as
    /// the stored JSON text and written as a JSON object, never parsed on the way out.
    /// </remarks>
    [JsonPropertyName("config")]
    [JsonPropertyOrder(1)]
    [JsonConverter(typeof(RawJsonConverter))]
    public string? Config { get; init; }

    /// <summary>Executor-specific custom information</summary>
    [JsonPropertyName("custom_info")]
    [JsonPropertyOrder(2)]
    [JsonConverter(typeof(RawJsonConverter))]
    public string? CustomInfo { get; init; }

    /// <summary>The record's version: a count of its own changes (sent as the ETag header, not in the body).</summary>
    [JsonIgnore]
    public long Version { get; init; }
}
