using System.Text.Json;
using System.Text.Json.Serialization;
using Executors.Application.Common.Json;

namespace Executors.Application.Executors.Queries.GetExecutorConfigSchema;

/// <summary>What an executor type's config holds: its fields and the models and enums they use.</summary>
public sealed class ExecutorConfigSchemaResponse
{
    /// <summary>The executor type</summary>
    [JsonPropertyName("executor_type")]
    public required string ExecutorType { get; init; }

    /// <summary>Hummingbot's configuration class for it, e.g. PositionExecutorConfig</summary>
    [JsonPropertyName("config_class")]
    public required string ConfigClass { get; init; }

    /// <summary>The class's description (its docstring), else its name</summary>
    [JsonPropertyName("description")]
    public required string Description { get; init; }

    /// <summary>The config's fields, in Hummingbot's order</summary>
    [JsonPropertyName("fields")]
    public required IReadOnlyList<ConfigFieldResponse> Fields { get; init; }

    /// <summary>The models and enums the fields use, at any depth, by name</summary>
    [JsonPropertyName("nested_types")]
    public required IReadOnlyDictionary<string, NestedTypeResponse> NestedTypes { get; init; }
}

/// <summary>One field of a config or of a nested model.</summary>
public sealed class ConfigFieldResponse
{
    /// <summary>The field's key in the config object</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Whether a config must give it (a field with a default need not)</summary>
    [JsonPropertyName("required")]
    public required bool Required { get; init; }

    /// <summary>
    /// Its JSON type: string, integer, number, boolean, object, array, "Union[number, string]" (a decimal), enum (see
    /// enum_values), or the name of a nested model in nested_types
    /// </summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The accepted values, when type is enum</summary>
    [JsonPropertyName("enum_values")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? EnumValues { get; init; }

    /// <summary>What the field is (its title, derived from the name, when the model gives no description)</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>The default (any JSON value, null included; decimals as strings), present only when there is one</summary>
    [JsonPropertyName("default")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [AnyJsonValue]
    public JsonElement? Default { get; init; }
}

/// <summary>A model (description and fields) or an enum (type "enum", values, description) a config uses.</summary>
public sealed class NestedTypeResponse
{
    /// <summary>"enum" for an enum; absent for a model</summary>
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    /// <summary>An enum's values</summary>
    [JsonPropertyName("values")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>The model's or enum's description (its docstring), else its name</summary>
    [JsonPropertyName("description")]
    public required string Description { get; init; }

    /// <summary>A model's fields</summary>
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ConfigFieldResponse>? Fields { get; init; }
}
