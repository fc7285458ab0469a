using System.Text.Json;
using System.Text.Json.Serialization;

namespace Executors.Application.Common.Json;

/// <summary>
/// Writes a string that already holds a JSON value as that value, not as a string: the stored <c>config</c> and
/// <c>custom_info</c> go out as PostgreSQL keeps them, without being parsed into a DOM and written again (the largest
/// piece of the service's own CPU per GET, and 3.4 KB of garbage; see docs/benchmarks/micro.md). The text is always
/// valid JSON — it comes from a jsonb column or from a report the aggregate has parsed — so the writer does not check it
/// again. Reading takes any JSON value and keeps its text.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
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
