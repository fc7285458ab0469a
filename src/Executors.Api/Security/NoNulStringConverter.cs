using System.Text.Json;
using System.Text.Json.Serialization;

namespace Executors.Api.Security;

/// <summary>
/// Refuses a JSON string holding U+0000 while the body is read: PostgreSQL cannot store it in text (or jsonb), so it
/// would otherwise fail at the database as a 500. The refusal is MVC's ordinary 400 naming the field.
/// </summary>
internal sealed class NoNulStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("A string may not contain U+0000.")
            : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
