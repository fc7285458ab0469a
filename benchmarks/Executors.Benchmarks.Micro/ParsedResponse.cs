using System.Text.Json;
using System.Text.Json.Serialization;
using Executors.Application.Executors.Queries;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// The detail response as it was before the raw pass-through lever was taken: config and custom_info parsed into
/// JsonElements by the mapping and re-serialized by the formatter. Kept as the "before" of that measurement; the
/// service's ExecutorDetailResponse now carries the stored text (Application's RawJsonConverter).
/// </summary>
public sealed class ParsedExecutorDetailResponse : ExecutorResponse
{
    [JsonPropertyName("config")]
    [JsonPropertyOrder(1)]
    public JsonElement? Config { get; init; }

    [JsonPropertyName("custom_info")]
    [JsonPropertyOrder(2)]
    public JsonElement? CustomInfo { get; init; }
}
