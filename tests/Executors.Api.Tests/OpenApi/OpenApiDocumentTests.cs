using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.OpenApi;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.OpenApi;

public sealed class OpenApiDocumentTests(SharedApi shared) : SharedApiTest(shared)
{
    private JsonDocument? _document;

    private JsonElement Root => _document!.RootElement;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        using var client = Api.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public override async ValueTask DisposeAsync()
    {
        _document?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public void Document_Info_HasTitleVersionAndDescription()
    {
        // Act
        var info = Root.GetProperty("info");

        // Assert
        Assert.Equal("Executors API", info.GetProperty("title").GetString());
        Assert.Equal("v1", info.GetProperty("version").GetString());
        Assert.Contains("HTTP Basic", info.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Document_GetExecutor_HasOperationIdTagAndSummary()
    {
        // Act
        var operation = Root.GetProperty("paths").GetProperty("/executors/{executor_id}").GetProperty("get");

        // Assert: the generated client's method is GetExecutorAsync because of this id.
        Assert.Equal("GetExecutor", operation.GetProperty("operationId").GetString());
        Assert.Equal(["Executors"], operation.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        Assert.Equal("Get Executor", operation.GetProperty("summary").GetString());
    }

    [Fact]
    public void Document_SecuritySchemes_DeclareHttpBasic()
    {
        // Act
        var basic = Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("basic");

        // Assert
        Assert.Equal("http", basic.GetProperty("type").GetString());
        Assert.Equal("basic", basic.GetProperty("scheme").GetString());
    }

    [Fact]
    public void Document_GetExecutor_RequiresBasicAndDocumentsEveryStatus()
    {
        // Act
        var operation = Root.GetProperty("paths").GetProperty("/executors/{executor_id}").GetProperty("get");

        // Assert
        Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("basic", out _));
        var parameter = Assert.Single(operation.GetProperty("parameters").EnumerateArray());
        Assert.Equal("executor_id", parameter.GetProperty("name").GetString());
        Assert.Equal("path", parameter.GetProperty("in").GetString());
        Assert.True(parameter.GetProperty("required").GetBoolean());
        var statuses = operation.GetProperty("responses").EnumerateObject().Select(response => response.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["200", "304", "400", "401", "404", "429", "503"], statuses);
    }

    [Fact]
    public void Document_GetExecutor200_CarriesTheSeedPagesExample()
    {
        // Act
        var example = Root.GetProperty("paths").GetProperty("/executors/{executor_id}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");

        // Assert
        using var seed = JsonDocument.Parse(SeedExample.ExampleJson);
        Assert.True(JsonElement.DeepEquals(seed.RootElement, example), example.GetRawText());
    }

    [Theory]
    [InlineData("400")]
    [InlineData("401")]
    [InlineData("404")]
    [InlineData("503")]
    public void Document_ErrorResponses_AreProblemDetails(string status)
    {
        // Act
        var response = Root.GetProperty("paths").GetProperty("/executors/{executor_id}").GetProperty("get")
            .GetProperty("responses").GetProperty(status);

        // Assert
        var content = Assert.Single(response.GetProperty("content").EnumerateObject());
        Assert.Equal("application/problem+json", content.Name);
        Assert.EndsWith("ProblemDetails", content.Value.GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(response.GetProperty("description").GetString()));
    }

    [Fact]
    public void Document_ResponseSchema_DescribesEveryFieldAsTheSeedPageDoes()
    {
        // Arrange
        // ExecutorDetailResponse extends ExecutorResponse (allOf): a client sees the union of both.
        var (properties, required) = Flatten("ExecutorDetailResponse");

        // Assert
        Assert.Equal(
            SeedExample.Fields.Select(field => field.Name).Order(StringComparer.Ordinal),
            properties.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, kinds, isRequired, description) in SeedExample.Fields)
        {
            var property = properties[name];
            Assert.Equal(description, property.GetProperty("description").GetString());
            var nullable = property.TryGetProperty("nullable", out var flag) && flag.GetBoolean();
            Assert.True(kinds.Contains(JsonValueKind.Null) == nullable, $"{name}: nullable should be {kinds.Contains(JsonValueKind.Null)}");
            Assert.True(isRequired == required.Contains(name), $"{name}: required should be {isRequired}");
            Assert.Equal(name == "error_count" ? "integer" : JsonType(kinds), property.GetProperty("type").GetString());
        }
    }

    [Fact]
    public void Document_Served_EqualsTheCommittedFileWithoutServers()
    {
        // Arrange: nothing of the request (its Host header, say) goes into the served document, so it has no
        // "servers" and a client calls the address it fetched the document from, as it does with the committed file.
        var served = JsonNode.Parse(Root.GetRawText())!.AsObject();

        // Act
        var committed = JsonNode.Parse(RepositoryFiles.Read(OpenApiCommand.DocumentPath));

        // Assert
        Assert.False(served.ContainsKey("servers"), served["servers"]?.ToJsonString());
        Assert.True(
            JsonNode.DeepEquals(committed, served),
            $"{OpenApiCommand.DocumentPath} differs from the served document; run `{OpenApiCommand.RegenerateCommand}` and commit it.");
    }

    [Theory]
    [InlineData("400", "ValidationProblemDetails")]
    [InlineData("401", "ProblemDetails")]
    [InlineData("404", "ProblemDetails")]
    [InlineData("503", "ProblemDetails")]
    public void Document_ErrorResponse_IsProblemJsonWithItsSchema(string status, string schema)
    {
        // Act
        var response = Root.GetProperty("paths").GetProperty("/executors/{executor_id}").GetProperty("get").GetProperty("responses").GetProperty(status);

        // Assert: the media type the API really sends, and only that one.
        var content = Assert.Single(response.GetProperty("content").EnumerateObject());
        Assert.Equal("application/problem+json", content.Name);
        Assert.Equal($"#/components/schemas/{schema}", content.Value.GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(string.IsNullOrWhiteSpace(response.GetProperty("description").GetString()));
    }

    [Fact]
    public void Document_GetExecutor_HasTagSummaryAndDescribedTag()
    {
        // Act
        var operation = Root.GetProperty("paths").GetProperty("/executors/{executor_id}").GetProperty("get");
        // The executor routes under one tag, as the original's one router; the engines' side (internal services) its own.
        // The stream tickets (live updates) their own too.
        var tags = Root.GetProperty("tags").EnumerateArray().ToList();
        var tag = Assert.Single(tags, candidate => candidate.GetProperty("name").GetString() == "Executors");
        Assert.Equal(["Engines", "Executors", "Streams"], tags.Select(candidate => candidate.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(tags, candidate => Assert.False(string.IsNullOrWhiteSpace(candidate.GetProperty("description").GetString())));

        // Assert
        Assert.Equal("GetExecutor", operation.GetProperty("operationId").GetString());
        Assert.Equal("Get Executor", operation.GetProperty("summary").GetString());
        Assert.Equal(["Executors"], operation.GetProperty("tags").EnumerateArray().Select(name => name.GetString()));
        Assert.Equal("Executors", tag.GetProperty("name").GetString());
        Assert.False(string.IsNullOrWhiteSpace(tag.GetProperty("description").GetString()));
    }

    private (Dictionary<string, JsonElement> Properties, HashSet<string> Required) Flatten(string schemaName)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        void Collect(JsonElement schema)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                Collect(Root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]));
                return;
            }

            foreach (var part in schema.TryGetProperty("allOf", out var allOf) ? allOf.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                Collect(part);
            }

            foreach (var property in schema.TryGetProperty("properties", out var own) ? own.EnumerateObject() : Enumerable.Empty<JsonProperty>())
            {
                properties[property.Name] = property.Value;
            }

            foreach (var name in schema.TryGetProperty("required", out var names) ? names.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                required.Add(name.GetString()!);
            }
        }

        Collect(Root.GetProperty("components").GetProperty("schemas").GetProperty(schemaName));
        return (properties, required);
    }

    private static string JsonType(JsonValueKind[] kinds) => kinds[0] switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True => "boolean",
        JsonValueKind.Object => "object",
        _ => throw new ArgumentOutOfRangeException(nameof(kinds)),
    };
}
