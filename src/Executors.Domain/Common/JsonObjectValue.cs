using System.Text.Json;

namespace Executors.Domain.Common;

/// <summary>
/// A JSON object, kept as the text it was written in (an engine's configuration, say). Two values are equal when they
/// hold the same JSON, whatever the spacing or key order: a report that only respells an object changes nothing.
/// </summary>
public sealed class JsonObjectValue : IEquatable<JsonObjectValue>
{
    private int? _propertyCount;

    private JsonObjectValue(string json, int? propertyCount)
    {
        Json = json;
        _propertyCount = propertyCount;
    }

    /// <summary>The object as written.</summary>
    public string Json { get; }

    /// <summary>How many members the object has at its top level (the hash: equal objects have as many).</summary>
    private int PropertyCount
    {
        get
        {
            if (_propertyCount is null)
            {
                using var document = JsonDocument.Parse(Json);
                _propertyCount = document.RootElement.GetPropertyCount();
            }

            return _propertyCount.Value;
        }
    }

    /// <summary>
    /// Text the store holds as an object already (only values of this type are ever written there): not parsed again
    /// on every read, only if it is ever compared.
    /// </summary>
    public static JsonObjectValue FromStore(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new JsonObjectValue(json, propertyCount: null);
    }

    /// <summary>The JSON text as a value, or a <see cref="DomainException"/> naming <paramref name="field"/> when it is not an object.</summary>
    public static JsonObjectValue Parse(string json, string field)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(json, out var value)
            ? value
            : throw new DomainException($"{field} must be a JSON object.");
    }

    public static bool TryParse(string json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonObjectValue? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        value = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            value = new JsonObjectValue(json, document.RootElement.GetPropertyCount());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public bool Equals(JsonObjectValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other) || string.Equals(Json, other.Json, StringComparison.Ordinal))
        {
            return true;
        }

        if (PropertyCount != other.PropertyCount)
        {
            return false;
        }

        using var left = JsonDocument.Parse(Json);
        using var right = JsonDocument.Parse(other.Json);
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }

    public override bool Equals(object? obj) => Equals(obj as JsonObjectValue);

    public override int GetHashCode() => PropertyCount;

    public override string ToString() => Json;

    public static bool operator ==(JsonObjectValue? left, JsonObjectValue? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(JsonObjectValue? left, JsonObjectValue? right) => !(left == right);
}
