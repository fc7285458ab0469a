using System.Text.Json;
using System.Text.Json.Serialization;
using Executors.Application.Executors.Queries;

namespace Executors.Benchmarks.Micro;

/// <summary>
/// The detail response with config and custom_info carried as the JSON text the store returned and written out
/// verbatim, instead of parsed into JsonElements and re-serialized: the "raw pass-through" lever.
/// </summary>
public sealed class RawExecutorDetailResponse : ExecutorResponse
{
    [JsonPropertyName("config")]
    [JsonPropertyOrder(1)]
    [JsonConverter(typeof(RawJsonConverter))]
    public string? Config { get; init; }

    [JsonPropertyName("custom_info")]
    [JsonPropertyOrder(2)]
    [JsonConverter(typeof(RawJsonConverter))]
    public string? CustomInfo { get; init; }
}

/// <summary>
/// Writes a string that already holds JSON as that JSON. Input validation is skipped: the text comes from a jsonb
/// column, which PostgreSQL only ever fills with valid JSON.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value, skipInputValidation: true);
    }
}
