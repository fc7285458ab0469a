using System.Globalization;
using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Seeding;

namespace Executors.Api.Tests.Controllers;

public sealed class GetExecutorTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string SeedId = "Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB";

    [Fact]
    public async Task Get_SeedExampleStoredThroughRepository_ReturnsTheExampleRecord()
    {
        // Arrange: the page's example, built from its values, stored as the service stores executors.
        var executor = new ExecutorBuilder(SeedId)
            .OfType("position_executor").ForAccount("master_account").OnConnector("binance_perpetual").ForPair("BTC-USDT").WithSide(TradeSide.Buy)
            .At(DateTimeOffset.FromUnixTimeSeconds(1705315800))
            .CreatedAt(DateTimeOffset.Parse("2024-01-15T10:30:00Z", CultureInfo.InvariantCulture))
            .WithPerformance(125.5m, 2.5m, 1.25m, 5000m, isTrading: true)
            .Build();
        await StoreAsync(executor);

        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/{SeedId}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = await ReadJsonAsync(response);
        SeedExample.AssertMatchesExample(body.RootElement, SeedId);

        // The fields the example leaves out are present, null (or 0 for error_count, "main" for controller_id), as the
        // original service sends them.
        foreach (var name in new[] { "close_type", "close_timestamp", "last_error", "config", "custom_info" })
        {
            Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty(name).ValueKind);
        }

        Assert.Equal("main", body.RootElement.GetProperty("controller_id").GetString());

        Assert.Equal(0, body.RootElement.GetProperty("error_count").GetInt32());
    }

    [Fact]
    public async Task Get_DemoDataExample_ReturnsTheExampleRecord()
    {
        // Arrange: what ./run.sh loads under the documented id.
        await StoreAsync(DemoData.Example());

        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/{DemoData.ExampleExecutorId}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        SeedExample.AssertMatchesExample(body.RootElement, SeedId);
    }

    [Fact]
    public async Task Get_FullyPopulatedExecutor_ReturnsEveryFieldWithItsContractType()
    {
        // Arrange
        var executor = ExecutorBuilder.FullyPopulated("FxP3k.grid_1:a-b").Build();
        await StoreAsync(executor);

        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/FxP3k.grid_1:a-b", TestContext.Current.CancellationToken);

        // Assert: every field of the page is present with a JSON kind its type allows, and nothing else is.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var root = body.RootElement;
        // ... in the order the reference page lists them.
        Assert.Equal(SeedExample.Fields.Select(field => field.Name), root.EnumerateObject().Select(property => property.Name));
        foreach (var (name, kinds, _, _) in SeedExample.Fields)
        {
            Assert.Contains(root.GetProperty(name).ValueKind, kinds);
        }

        Assert.Equal("grid_executor", root.GetProperty("executor_type").GetString());
        Assert.Equal("TERMINATED", root.GetProperty("status").GetString());
        Assert.False(root.GetProperty("is_active").GetBoolean());
        Assert.False(root.GetProperty("is_trading").GetBoolean());
        Assert.Equal(-12.345678901234567890m, root.GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(-0.61m, root.GetProperty("net_pnl_pct").GetDecimal());
        Assert.Equal(3.5m, root.GetProperty("cum_fees_quote").GetDecimal());
        Assert.Equal(2024.75m, root.GetProperty("filled_amount_quote").GetDecimal());
        Assert.Equal("RANGE", root.GetProperty("side").GetString());
        Assert.Equal(1705315800.25m, root.GetProperty("timestamp").GetDecimal());
        Assert.Equal("2024-01-15T10:30:00Z", root.GetProperty("created_at").GetString());
        Assert.Equal("EARLY_STOP", root.GetProperty("close_type").GetString());
        Assert.Equal(1705320000m, root.GetProperty("close_timestamp").GetDecimal());
        Assert.Equal("grid_controller_7", root.GetProperty("controller_id").GetString());
        Assert.Equal(2, root.GetProperty("error_count").GetInt32());
        Assert.Equal("Order rejected", root.GetProperty("last_error").GetString());
        AssertSameJson(ExecutorBuilder.FullyPopulatedConfig, root.GetProperty("config"));
        AssertSameJson("""{"open_orders": 3, "avg_price": 2301.125}""", root.GetProperty("custom_info"));
    }

    [Fact]
    public async Task Get_UnknownExecutor_Returns404ProblemDetails()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/NoSuchExecutor123", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 404);
        Assert.Contains("NoSuchExecutor123", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad%20id")]
    [InlineData("a%2Fb")]
    [InlineData("%C3%A9t%C3%A9")]
    [InlineData("semi;colon")]
    [InlineData("quote%22")]
    public async Task Get_MalformedId_Returns400NamingTheField(string encodedId)
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/{encodedId}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("executor_id", out _));
        Assert.Contains("executor_id", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IdLongerThan128Characters_Returns400()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/{new string('a', 129)}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.Contains("128", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IdOf128Characters_IsAcceptedAndLookedUp()
    {
        // Arrange
        var id = new string('Z', 128);
        await StoreAsync(new ExecutorBuilder(id).OfType(ExecutorTypes.Twap).ForAccount("a").OnConnector("binance").Build());

        // Act
        using var response = await Api.CreateReaderClient().GetAsync($"/executors/{id}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownRoute_Returns404ProblemDetails()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/a/b/c", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    private static void AssertSameJson(string expected, JsonElement actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actual), $"expected {expected}, got {actual.GetRawText()}");
    }
}
