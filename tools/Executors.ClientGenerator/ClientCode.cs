using NJsonSchema;
using NJsonSchema.CodeGeneration;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration;
using NSwag.CodeGeneration.CSharp;

namespace Executors.ClientGenerator;

/// <summary>The NSwag settings of the generated client, in one place: the command and the staleness test both use it.</summary>
internal static class ClientCode
{
    public const string RegenerateCommand = "dotnet run --project tools/Executors.ClientGenerator";

    public const string DocumentPath = "docs/openapi.json";

    public const string OutputPath = "src/Executors.Client/Generated/ExecutorsApiClient.g.cs";

    public static async Task<string> GenerateAsync(string openApiJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(openApiJson);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "ExecutorsApiClient",
            GenerateClientInterfaces = true,
            // The typed HttpClient from IHttpClientFactory carries the base address and the Authorization header.
            UseBaseUrl = false,
            InjectHttpClient = true,
            DisposeHttpClient = false,
            ExceptionClass = "ExecutorsApiException",
            // One method per operation, with the CancellationToken last and optional.
            GenerateOptionalParameters = true,
            ParameterNameGenerator = new CamelCaseParameterNameGenerator(),
            CSharpGeneratorSettings =
            {
                Namespace = "Executors.Client",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                GenerateNullableReferenceTypes = true,
                // The API always sends every field; only the schema's "nullable" makes a property nullable.
                GenerateOptionalPropertiesAsNullable = false,
                PropertyNameGenerator = new PascalCasePropertyNameGenerator(),
                // Free-form JSON (config, custom_info, problem details' extensions) as System.Text.Json elements.
                AnyType = "System.Text.Json.JsonElement",
                GenerateDataAnnotations = false,
                ClassStyle = CSharpClassStyle.Poco,
                DateTimeType = "System.DateTimeOffset",
                ArrayType = "System.Collections.Generic.IReadOnlyList",
                ArrayInstanceType = "System.Collections.Generic.List",
                DictionaryType = "System.Collections.Generic.IDictionary",
                DictionaryInstanceType = "System.Collections.Generic.Dictionary",
            },
        };

        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        return code.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
    }

    /// <summary>C# property names in PascalCase (<c>net_pnl_quote</c> → <c>NetPnlQuote</c>); JSON names stay as they are.</summary>
    private sealed class PascalCasePropertyNameGenerator : IPropertyNameGenerator
    {
        public string Generate(JsonSchemaProperty property) =>
            string.Concat(property.Name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
    }

    /// <summary>C# parameter names in camelCase (<c>executor_id</c> → <c>executorId</c>); the URL keeps the API's name.</summary>
    private sealed class CamelCaseParameterNameGenerator : IParameterNameGenerator
    {
        private readonly DefaultParameterNameGenerator _default = new();

        public string Generate(OpenApiParameter parameter, IEnumerable<OpenApiParameter> allParameters)
        {
            var name = _default.Generate(parameter, allParameters);
            var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length <= 1
                ? name
                : parts[0] + string.Concat(parts.Skip(1).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        }
    }
}
