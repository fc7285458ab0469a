using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.Tests.Infrastructure;
using Executors.Api.Tests.Security;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Controllers;

/// <summary>PUT /executors/{id}: the reported config of one of the eight types is checked against its model.</summary>
public sealed class PutExecutorConfigTests(SharedApi shared) : SharedApiTest(shared)
{
    public static TheoryData<string> AllTypes => [.. ExecutorTypes.All];

    [Theory]
    [MemberData(nameof(AllTypes))]
    public async Task Put_RealisticConfigOfEachType_IsStored(string executorType)
    {
        // Arrange
        var state = State(executorType, HummingbotConfigs.For(executorType));

        // Act
        using var response = await PutAsync(state);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(executorType, body.RootElement.GetProperty("config").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"remove": "amount"}""", "config.amount")]
    [InlineData("""{"set": {"amount": true}}""", "config.amount")]
    [InlineData("""{"set": {"trading_pair": 7}}""", "config.trading_pair")]
    [InlineData("""{"set": {"side": "LONG"}}""", "config.side")]
    [InlineData("""{"set": {"type": "grid_executor"}}""", "config.type")]
    [InlineData("""{"set": {"leverage": 2.5}}""", "config.leverage")]
    [InlineData("""{"barrier": {"stop_loss": "tight"}}""", "config.triple_barrier_config.stop_loss")]
    [InlineData("""{"barrier": {"open_order_type": "STOP"}}""", "config.triple_barrier_config.open_order_type")]
    public async Task Put_ConfigBreakingItsModel_Returns400NamingTheFieldAndStoresNothing(string change, string field)
    {
        // Arrange
        var config = JsonNode.Parse(HummingbotConfigs.Position)!.AsObject();
        var what = JsonNode.Parse(change)!.AsObject();
        if (what["remove"] is { } removed)
        {
            config.Remove(removed.GetValue<string>());
        }

        foreach (var (key, value) in (what["set"] as JsonObject) ?? [])
        {
            config[key] = value?.DeepClone();
        }

        foreach (var (key, value) in (what["barrier"] as JsonObject) ?? [])
        {
            config["triple_barrier_config"]![key] = value?.DeepClone();
        }

        // Act
        using var response = await PutAsync(State(ExecutorTypes.Position, config.ToJsonString()));

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        using var get = await Api.CreateReaderClient().GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Put_SeveralViolations_AreAllReportedWithTheStatesOwn()
    {
        // Arrange: a DCA config with no prices, a bad mode and a bad amount, and a negative fee beside it.
        var config = JsonNode.Parse(HummingbotConfigs.Dca)!.AsObject();
        config.Remove("prices");
        config["mode"] = "SLOW";
        config["amounts_quote"] = new JsonArray("10", "lots");
        var state = State(ExecutorTypes.Dca, config.ToJsonString());
        state["cum_fees_quote"] = -1m;

        // Act
        using var response = await PutAsync(state);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.Equal(
            ["config.amounts_quote[1]", "config.mode", "config.prices", "cum_fees_quote"],
            problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Put_ConfigWithoutEngineFieldsButWithKeysOfItsOwn_IsStored()
    {
        // Arrange: no id, type or timestamp (Hummingbot fills them), and keys the model does not declare.
        var config = JsonNode.Parse(HummingbotConfigs.Twap)!.AsObject();
        config.Remove("type");
        config.Remove("timestamp");
        config["position_mode"] = "HEDGE";

        // Act
        using var response = await PutAsync(State(ExecutorTypes.Twap, config.ToJsonString()));

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Put_ConfigOfAnExecutorWithoutType_IsNotChecked()
    {
        // Arrange: no executor_type, so no model to check the config against.
        var state = State(ExecutorTypes.Position, """{"levels": [1, 2, 3]}""");
        state.Remove("executor_type");

        // Act
        using var response = await PutAsync(state);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private const string Id = "PutConfig_1";

    private static JsonObject State(string executorType, string config)
    {
        var state = ExecutorStateBodies.Valid();
        state["executor_type"] = executorType;
        state["side"] = "BUY";
        state["config"] = JsonNode.Parse(config);
        return state;
    }

    private async Task<HttpResponseMessage> PutAsync(JsonObject state)
    {
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        using var content = new StringContent(state.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.PutAsync($"/executors/{Id}", content, TestContext.Current.CancellationToken);
    }
}
