using System.Collections.Frozen;
using System.Text.Json;
using Executors.Application.Common.Exceptions;
using Executors.Domain.Executors.Configs;
using MediatR;

namespace Executors.Application.Executors.Queries.GetExecutorConfigSchema;

/// <summary>
/// Describes a config model the way hummingbot-api describes pydantic's JSON schema of it: a field's type is its JSON
/// type ("Union[number, string]" for a decimal, "enum" with its values, a nested model's name when it may be null, else
/// "object"), its description its title unless the model gives one, its default only when it has one. Computed once.
/// </summary>
internal sealed class GetExecutorConfigSchemaQueryHandler : IRequestHandler<GetExecutorConfigSchemaQuery, ExecutorConfigSchemaResponse>
{
    private static readonly FrozenDictionary<string, ExecutorConfigSchemaResponse> Schemas =
        ExecutorConfigSchemas.Types.ToFrozenDictionary(type => type, Describe, StringComparer.Ordinal);

    public Task<ExecutorConfigSchemaResponse> Handle(GetExecutorConfigSchemaQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Schemas.TryGetValue(request.ExecutorType, out var schema)
            ? Task.FromResult(schema)
            : throw new NotFoundException(
                $"Unknown executor type '{request.ExecutorType}'. Valid types: {string.Join(", ", ExecutorConfigSchemas.Types)}");
    }

    private static ExecutorConfigSchemaResponse Describe(string executorType)
    {
        ExecutorConfigSchemas.TryGet(executorType, out var model);
        return new()
        {
            ExecutorType = executorType,
            ConfigClass = model!.Name,
            Description = model.Description,
            Fields = Fields(model),
            NestedTypes = ExecutorConfigSchemas.NestedTypes(model).ToDictionary(
                nested => nested is ConfigModel m ? m.Name : ((ConfigEnumeration)nested).Name,
                nested => nested switch
                {
                    ConfigModel m => new NestedTypeResponse { Description = m.Description, Fields = Fields(m) },
                    ConfigEnumeration e => new NestedTypeResponse { Type = "enum", Values = e.Values, Description = e.Name },
                    _ => throw new InvalidOperationException($"Not a model or an enum: {nested}"),
                },
                StringComparer.Ordinal),
        };
    }

    private static List<ConfigFieldResponse> Fields(ConfigModel model) => [.. model.Fields.Select(Field)];

    private static ConfigFieldResponse Field(ConfigField field) => new()
    {
        Name = field.Name,
        Required = field.Required,
        Type = TypeName(field),
        EnumValues = field.Type is EnumType { Enum: var e } ? e.Values : null,
        // pydantic gives a field that may be null and holds a model ($ref in anyOf) no title of its own.
        Description = field is { Nullable: true, Type: ModelType } ? field.Description
            : field.Description ?? (field.Type is EnumType { Enum: var named } ? named.Name
                : field.Type is ModelType { Model: var nested } ? nested.Description : field.Title),
        Default = field.Default is { } json ? JsonElement.Parse(json) : null,
    };

    private static string TypeName(ConfigField field) => field.Type switch
    {
        ScalarType { Kind: ScalarKind.Text } or LiteralType => "string",
        ScalarType { Kind: ScalarKind.WholeNumber } => "integer",
        ScalarType { Kind: ScalarKind.RealNumber } => "number",
        ScalarType { Kind: ScalarKind.Amount } => "Union[number, string]",
        ScalarType { Kind: ScalarKind.Truth } => "boolean",
        ScalarType { Kind: ScalarKind.Map } => "object",
        ListType => "array",
        EnumType => "enum",
        ModelType { Model: var model } => field.Nullable ? model.Name : "object",
        _ => throw new InvalidOperationException($"No wire name for {field.Type}"),
    };
}
