using System.Text.Json;
using System.Text.Json.Serialization;

namespace Executors.Application.Common.Json;

/// <summary>
/// Reads an ISO 8601 instant as Python writes one: <c>datetime.isoformat()</c> of an aware time carries its offset
/// (<c>+00:00</c>), of a naive UTC time (<c>datetime.utcnow()</c>) none. An instant without an offset is UTC here, never
/// the server's local time, so the same report means the same instant on every machine. Anything but an ISO 8601 string
/// is refused (a 400 naming the field). Writes the instant in UTC with its offset, as <c>isoformat()</c> does.
/// </summary>
public sealed class IsoInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var time))
        {
            throw new JsonException("Expected an ISO 8601 date and time.");
        }

        return time.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : reader.GetDateTimeOffset().ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToUniversalTime());
    }
}
