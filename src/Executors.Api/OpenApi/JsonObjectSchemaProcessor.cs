using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Executors.Application.Common.Json;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Executors.Api.OpenApi;

/// <summary>
/// Pass-through JSON (<c>config</c>, <c>custom_info</c>: a <see cref="JsonElement"/> in requests, stored text written by
/// <see cref="RawJsonConverter"/> in responses) is a JSON object in the contract ("Config · object"); without this the
/// document would say "any value" or "string".
/// </summary>
internal sealed class JsonObjectSchemaProcessor : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        foreach (var property in context.ContextualType.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var rawJson = property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(RawJsonConverter);
            var anyValue = property.GetCustomAttribute<AnyJsonValueAttribute>() is not null;
            if (!rawJson && (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) != typeof(JsonElement))
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;

            // A derived type's own properties sit in one of its allOf parts.
            foreach (var owner in context.Schema.AllOf.Prepend(context.Schema))
            {
                if (owner.Properties.TryGetValue(name, out var schema))
                {
                    schema.Type = anyValue ? JsonObjectType.None : JsonObjectType.Object;
                }
            }
        }
    }
}
