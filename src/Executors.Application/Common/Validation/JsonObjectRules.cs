using System.Text.Json;
using Executors.Application.Executors.Commands.PutExecutor;
using FluentValidation;

namespace Executors.Application.Common.Validation;

/// <summary>
/// A JSON object the service stores (a config, custom_info): an object or null, within the storage limits
/// (<see cref="ExecutorStateRequest.MaxJsonObjectBytes"/>, <see cref="ExecutorStateRequest.MaxJsonObjectDepth"/>), and
/// without U+0000, which PostgreSQL's jsonb cannot hold; reported under its wire name.
/// </summary>
internal static class JsonObjectRules
{
    public static IRuleBuilderOptions<T, JsonElement?> StorableJsonObject<T>(this IRuleBuilder<T, JsonElement?> rule, string name) =>
        rule.Must(IsObjectOrNull)
            .WithMessage($"{name} must be a JSON object (or null).")
            .Must(json => json is null || System.Text.Encoding.UTF8.GetByteCount(json.Value.GetRawText()) <= ExecutorStateRequest.MaxJsonObjectBytes)
            .WithMessage($"{name} may be at most {ExecutorStateRequest.MaxJsonObjectBytes / 1024} KB.")
            .Must(json => json is null || Depth(json.Value) <= ExecutorStateRequest.MaxJsonObjectDepth)
            .WithMessage($"{name} may nest at most {ExecutorStateRequest.MaxJsonObjectDepth} levels deep.")
            .Must(json => json is null || !ContainsNul(json.Value))
            .WithMessage($"{name} may not contain the character U+0000 (the database cannot store it).")
            .OverridePropertyName(name);

    public static bool IsObjectOrNull(JsonElement? json) => json is null or { ValueKind: JsonValueKind.Object };

    private static bool ContainsNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(property => property.Name.Contains('\0', StringComparison.Ordinal) || ContainsNul(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(ContainsNul),
        JsonValueKind.String => element.GetString()!.Contains('\0', StringComparison.Ordinal),
        _ => false,
    };

    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(property => Depth(property.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
