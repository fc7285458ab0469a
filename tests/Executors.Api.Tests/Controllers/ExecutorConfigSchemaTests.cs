using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Controllers;

/// <summary>GET /executors/types/{executor_type}/config: hummingbot-api's description of a config model, read as raw JSON.</summary>
public sealed class ExecutorConfigSchemaTests(SharedApi shared) : SharedApiTest(shared)
{
    public static TheoryData<string, string> Types => new()
    {
        { ExecutorTypes.Position, "PositionExecutorConfig" },
        { ExecutorTypes.Grid, "GridExecutorConfig" },
        { ExecutorTypes.Dca, "DCAExecutorConfig" },
        { ExecutorTypes.Twap, "TWAPExecutorConfig" },
        { ExecutorTypes.Arbitrage, "ArbitrageExecutorConfig" },
        { ExecutorTypes.Xemm, "XEMMExecutorConfig" },
        { ExecutorTypes.Order, "OrderExecutorConfig" },
        { ExecutorTypes.Lp, "LPExecutorConfig" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Schema_EveryType_HasTheOriginalsShapeAndJsonTypes(string executorType, string configClass)
    {
        // Act
        using var body = await GetSchemaAsync(executorType);

        // Assert: the top level.
        var root = body.RootElement;
        Assert.Equal(["executor_type", "config_class", "description", "fields", "nested_types"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(executorType, root.GetProperty("executor_type").GetString());
        Assert.Equal(configClass, root.GetProperty("config_class").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("description").ValueKind);

        // Every field: name, required, type always; enum_values exactly for enums; description and default typed when there.
        var fields = root.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["id", "type", "timestamp", "controller_id"], fields.Take(4).Select(f => f.GetProperty("name").GetString()));
        var nested = root.GetProperty("nested_types");
        Assert.All(fields.Concat(nested.EnumerateObject().Where(n => n.Value.TryGetProperty("fields", out _))
            .SelectMany(n => n.Value.GetProperty("fields").EnumerateArray())), field => AssertField(field, nested));

        // The base fields Hummingbot fills itself are optional; type defaults to the executor's own.
        Assert.All(fields.Take(4), field => Assert.False(field.GetProperty("required").GetBoolean()));
        Assert.Equal(executorType, fields[1].GetProperty("default").GetString());
        Assert.Equal("main", fields[3].GetProperty("default").GetString());
        Assert.Equal(JsonValueKind.Null, fields[0].GetProperty("default").ValueKind);

        // nested_types: a model {description, fields} or an enum {type: "enum", values, description}.
        Assert.All(nested.EnumerateObject(), entry =>
        {
            Assert.Equal(JsonValueKind.String, entry.Value.GetProperty("description").ValueKind);
            if (entry.Value.TryGetProperty("type", out var kind))
            {
                Assert.Equal("enum", kind.GetString());
                Assert.Equal(["type", "values", "description"], entry.Value.EnumerateObject().Select(p => p.Name));
                Assert.All(entry.Value.GetProperty("values").EnumerateArray(), v => Assert.Equal(JsonValueKind.String, v.ValueKind));
            }
            else
            {
                Assert.Equal(["description", "fields"], entry.Value.EnumerateObject().Select(p => p.Name));
            }
        });
        Assert.Equal(nested.EnumerateObject().Select(n => n.Name).Order(StringComparer.Ordinal), nested.EnumerateObject().Select(n => n.Name));
    }

    [Fact]
    public async Task Schema_PositionExecutor_DescribesHummingbotsFields()
    {
        // Act
        using var body = await GetSchemaAsync(ExecutorTypes.Position);

        // Assert
        var root = body.RootElement;
        Assert.Equal("PositionExecutorConfig", root.GetProperty("description").GetString());
        var fields = root.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(
            ["id", "type", "timestamp", "controller_id", "trading_pair", "connector_name", "side", "entry_price", "amount",
             "triple_barrier_config", "leverage", "activation_bounds", "level_id"],
            fields.Keys);

        Assert.Equal("""{"name":"trading_pair","required":true,"type":"string","description":"Trading Pair"}""", fields["trading_pair"].GetRawText());
        Assert.Equal("""{"name":"side","required":true,"type":"enum","enum_values":["BUY","SELL","RANGE"],"description":"TradeType"}""", fields["side"].GetRawText());
        Assert.Equal("""{"name":"amount","required":true,"type":"Union[number, string]","description":"Amount"}""", fields["amount"].GetRawText());
        Assert.Equal("""{"name":"entry_price","required":false,"type":"Union[number, string]","description":"Entry Price","default":null}""", fields["entry_price"].GetRawText());
        Assert.Equal("""{"name":"leverage","required":false,"type":"integer","description":"Leverage","default":1}""", fields["leverage"].GetRawText());
        Assert.Equal("array", fields["activation_bounds"].GetProperty("type").GetString());

        var barrier = fields["triple_barrier_config"];
        Assert.False(barrier.GetProperty("required").GetBoolean());
        Assert.Equal("object", barrier.GetProperty("type").GetString());
        Assert.Equal("TripleBarrierConfig", barrier.GetProperty("description").GetString());
        Assert.Equal("LIMIT", barrier.GetProperty("default").GetProperty("open_order_type").GetString());

        var nested = root.GetProperty("nested_types");
        Assert.Equal(["OrderType", "TradeType", "TrailingStop", "TripleBarrierConfig"], nested.EnumerateObject().Select(n => n.Name));
        Assert.Equal(["BUY", "SELL", "RANGE"], nested.GetProperty("TradeType").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        var barrierFields = nested.GetProperty("TripleBarrierConfig").GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("""{"name":"stop_loss","required":false,"type":"Union[number, string]","description":"Stop Loss","default":null}""", barrierFields["stop_loss"].GetRawText());
        // An Optional model is named by its class and, as pydantic writes it, has no description.
        Assert.Equal("""{"name":"trailing_stop","required":false,"type":"TrailingStop","default":null}""", barrierFields["trailing_stop"].GetRawText());
    }

    [Fact]
    public async Task Schema_DecimalDefaults_AreStringsAsPydanticWritesThem()
    {
        // Act
        using var grid = await GetSchemaAsync(ExecutorTypes.Grid);
        using var lp = await GetSchemaAsync(ExecutorTypes.Lp);

        // Assert
        var gridFields = grid.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("0.0005", gridFields["min_spread_between_orders"].GetProperty("default").GetString());
        Assert.Equal("BUY", gridFields["side"].GetProperty("default").GetString());
        Assert.True(gridFields["triple_barrier_config"].GetProperty("required").GetBoolean());
        Assert.False(gridFields["keep_position"].GetProperty("default").GetBoolean());
        Assert.Equal("Coerce Tp To Step", gridFields["coerce_tp_to_step"].GetProperty("description").GetString());
        Assert.StartsWith("Configuration for LP Position Executor.", lp.RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("0", lp.RootElement.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "base_amount").GetProperty("default").GetString());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("POSITION_EXECUTOR")]
    public async Task Schema_UnknownType_Returns404ListingTheValidTypes(string executorType)
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/types/{executorType}/config", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            $"Unknown executor type '{executorType}'. Valid types: position_executor, grid_executor, dca_executor, arbitrage_executor, twap_executor, xemm_executor, order_executor, lp_executor",
            problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Schema_NoCredentials_Returns401()
    {
        // Act
        using var response = await Api.CreateClient().GetAsync("/executors/types/position_executor/config", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static readonly string[] OptionalFieldKeys = ["enum_values", "description", "default"];

    private static void AssertField(JsonElement field, JsonElement nested)
    {
        var names = field.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["name", "required", "type"], names.Take(3));
        Assert.All(names.Skip(3), name => Assert.Contains(name, OptionalFieldKeys));
        Assert.Equal(JsonValueKind.String, field.GetProperty("name").ValueKind);
        Assert.True(field.GetProperty("required").ValueKind is JsonValueKind.True or JsonValueKind.False);
        var type = field.GetProperty("type").GetString()!;
        Assert.True(
            type is "string" or "integer" or "number" or "boolean" or "object" or "array" or "enum" or "Union[number, string]"
                || nested.TryGetProperty(type, out _),
            $"type {type}");
        Assert.Equal(type == "enum", field.TryGetProperty("enum_values", out var values));
        if (type == "enum")
        {
            Assert.NotEmpty(values.EnumerateArray());
        }

        // A required field has no default; one with a default is not required.
        Assert.Equal(!field.GetProperty("required").GetBoolean(), field.TryGetProperty("default", out _));
    }

    private async Task<JsonDocument> GetSchemaAsync(string executorType)
    {
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/types/{executorType}/config", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
