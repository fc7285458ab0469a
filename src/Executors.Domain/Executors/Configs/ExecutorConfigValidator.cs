using System.Globalization;
using System.Text.Json;
using Executors.Domain.Common;

namespace Executors.Domain.Executors.Configs;

/// <summary>
/// Checks a configuration against its type's model as pydantic would take it from a JSON body: every required field
/// present, every value of its field's JSON type, enum values among their values, nested models alike. Keys the model
/// does not declare are ignored, as pydantic ignores them. Every violation is named by its path
/// (<c>config.triple_barrier_config.stop_loss</c>, <c>config.prices[2]</c>).
/// </summary>
internal static class ExecutorConfigValidator
{
    /// <summary>The strings pydantic takes for a bool (compared without case), besides JSON true/false and 0/1.</summary>
    private static readonly string[] TrueStrings = ["1", "on", "t", "true", "y", "yes"];

    private static readonly string[] FalseStrings = ["0", "off", "f", "false", "n", "no"];

    /// <param name="model">The type's model.</param>
    /// <param name="config">The configuration as sent.</param>
    /// <param name="root">The configuration's wire name, the first part of every violation's path.</param>
    public static IReadOnlyList<RuleViolation> Validate(ConfigModel model, JsonElement config, string root)
    {
        var violations = new List<RuleViolation>();
        if (config.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new(root, $"{root} must be a JSON object ({model.Name})."));
            return violations;
        }

        CheckModel(model, config, root, violations);
        return violations;
    }

    private static void CheckModel(ConfigModel model, JsonElement value, string path, List<RuleViolation> violations)
    {
        foreach (var field in model.Fields)
        {
            var fieldPath = $"{path}.{field.Name}";
            if (!value.TryGetProperty(field.Name, out var fieldValue))
            {
                if (field.Required)
                {
                    violations.Add(new(fieldPath, $"{fieldPath} is required ({Expected(field.Type)})."));
                }

                continue;
            }

            if (fieldValue.ValueKind == JsonValueKind.Null)
            {
                if (!field.Nullable)
                {
                    violations.Add(new(fieldPath, $"{fieldPath} may not be null: it must be {Expected(field.Type)}."));
                }

                continue;
            }

            CheckValue(field.Type, fieldValue, fieldPath, violations);
        }
    }

    private static void CheckValue(ConfigType type, JsonElement value, string path, List<RuleViolation> violations)
    {
        switch (type)
        {
            case ModelType { Model: var model }:
                if (value.ValueKind == JsonValueKind.Object)
                {
                    CheckModel(model, value, path, violations);
                }
                else
                {
                    violations.Add(new(path, $"{path} must be {Expected(type)}."));
                }

                break;

            case ListType { Item: var item }:
                if (value.ValueKind == JsonValueKind.Array)
                {
                    var index = 0;
                    foreach (var element in value.EnumerateArray())
                    {
                        var itemPath = $"{path}[{index++}]";
                        if (element.ValueKind == JsonValueKind.Null)
                        {
                            violations.Add(new(itemPath, $"{itemPath} may not be null: it must be {Expected(item)}."));
                        }
                        else
                        {
                            CheckValue(item, element, itemPath, violations);
                        }
                    }
                }
                else
                {
                    violations.Add(new(path, $"{path} must be {Expected(type)}."));
                }

                break;

            case LiteralType { Value: var literal }:
                if (value.ValueKind != JsonValueKind.String || value.GetString() != literal)
                {
                    violations.Add(new(path, $"{path} must be '{literal}', the executor's executor_type, when given."));
                }

                break;

            case EnumType { Enum: var e }:
                var accepted = value.ValueKind switch
                {
                    JsonValueKind.String => e.Accepts(value.GetString()!),
                    JsonValueKind.Number => value.TryGetDecimal(out var number) && e.Accepts(number),
                    _ => false,
                };
                if (!accepted)
                {
                    violations.Add(new(path, $"{path} must be one of: {string.Join(", ", e.Values)}."));
                }

                break;

            case ScalarType { Kind: var kind }:
                if (!IsScalar(kind, value))
                {
                    violations.Add(new(path, $"{path} must be {Expected(type)}."));
                }

                break;
        }
    }

    private static bool IsScalar(ScalarKind kind, JsonElement value) => kind switch
    {
        ScalarKind.Text => value.ValueKind == JsonValueKind.String,
        ScalarKind.WholeNumber => value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out _) || (value.TryGetDecimal(out var number) && number == decimal.Truncate(number)),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            _ => false,
        },
        ScalarKind.RealNumber => value.ValueKind == JsonValueKind.Number
            || (value.ValueKind == JsonValueKind.String
                && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)),
        ScalarKind.Amount => value.ValueKind == JsonValueKind.Number
            || (value.ValueKind == JsonValueKind.String
                && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        ScalarKind.Truth => value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => true,
            JsonValueKind.Number => value.TryGetInt32(out var bit) && bit is 0 or 1,
            JsonValueKind.String => TrueStrings.Concat(FalseStrings).Contains(value.GetString(), StringComparer.OrdinalIgnoreCase),
            _ => false,
        },
        ScalarKind.Map => value.ValueKind == JsonValueKind.Object,
        _ => false,
    };

    /// <summary>What a value of <paramref name="type"/> is, for a message.</summary>
    private static string Expected(ConfigType type) => type switch
    {
        ScalarType { Kind: ScalarKind.Text } => "a string",
        ScalarType { Kind: ScalarKind.WholeNumber } => "a whole number",
        ScalarType { Kind: ScalarKind.RealNumber } => "a number",
        ScalarType { Kind: ScalarKind.Amount } => "a number or a numeric string",
        ScalarType { Kind: ScalarKind.Truth } => "true or false",
        ScalarType { Kind: ScalarKind.Map } => "a JSON object",
        ListType { Item: var item } => $"a JSON array of {Plural(item)}",
        LiteralType { Value: var literal } => $"'{literal}'",
        EnumType { Enum: var e } => $"one of: {string.Join(", ", e.Values)}",
        ModelType { Model: var model } => $"a JSON object ({model.Name})",
        _ => "a value",
    };

    private static string Plural(ConfigType item) => item switch
    {
        ScalarType { Kind: ScalarKind.Amount } => "numbers or numeric strings",
        _ => $"values that are each {Expected(item)}",
    };
}
