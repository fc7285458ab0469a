using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// The members of custom_info the original service leaves out of every answer (<c>fill_events</c>; for grid executors
/// also <c>levels_by_state</c>, <c>filled_orders</c>, <c>failed_orders</c>, <c>canceled_orders</c>) are left out of
/// ours too, whichever way the record is read — and stay stored.
/// </summary>
public sealed class HeavyCustomInfoTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Heavy = """{"side": "BUY", "fill_events": [{"amount": 1}], "levels_by_state": {"OPEN": [1]}, "filled_orders": [{"id": "o1"}], "failed_orders": [], "canceled_orders": [{"id": "o2"}], "current_position_average_price": 101.5}""";

    [Fact]
    public async Task Get_GridExecutor_LeavesOutFillEventsAndItsOrderBooks()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("grid_heavy").OfType(ExecutorTypes.Grid).WithCustomInfo(Heavy).Build());

        // Act
        using var body = await GetAsync("/executors/grid_heavy");

        // Assert
        Assert.Equal(["current_position_average_price", "side"], Members(body.RootElement.GetProperty("custom_info")));
        Assert.Equal(101.5m, body.RootElement.GetProperty("custom_info").GetProperty("current_position_average_price").GetDecimal());
    }

    [Fact]
    public async Task Get_PositionExecutor_LeavesOutFillEventsOnly()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("position_heavy").OfType(ExecutorTypes.Position).WithCustomInfo(Heavy).Build());

        // Act
        using var body = await GetAsync("/executors/position_heavy");

        // Assert
        Assert.Equal(["canceled_orders", "current_position_average_price", "failed_orders", "filled_orders", "levels_by_state", "side"], Members(body.RootElement.GetProperty("custom_info")));
    }

    [Fact]
    public async Task Get_TerminatedGridExecutor_LeftOutOnTheFirstReadAndFromMemory()
    {
        // Arrange: TERMINATED records are served from memory after the first read.
        await StoreAsync(new ExecutorBuilder("grid_done").OfType(ExecutorTypes.Grid).WithCustomInfo(Heavy).Terminated().Build());

        // Act
        using var first = await GetAsync("/executors/grid_done");
        using var second = await GetAsync("/executors/grid_done");

        // Assert
        Assert.Equal(["current_position_average_price", "side"], Members(first.RootElement.GetProperty("custom_info")));
        Assert.Equal(first.RootElement.GetRawText(), second.RootElement.GetRawText());
    }

    [Fact]
    public async Task Put_HeavyReport_AnswersWithoutThemAndStoresThem()
    {
        // Arrange
        var report = $$"""
            {"executor_type": "grid_executor", "account_name": "master_account", "connector_name": "binance", "trading_pair": "BTC-USDT",
             "status": "RUNNING", "custom_info": {{Heavy}}}
            """;
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));

        // Act
        using var content = new StringContent(report, Encoding.UTF8, "application/json");
        using var response = await client.PutAsync("/executors/grid_put", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["current_position_average_price", "side"], Members(answer.RootElement.GetProperty("custom_info")));
        await using var db = Database.CreateDbContext();
        var stored = db.Executors.Single(executor => executor.ExecutorId == "grid_put");
        using var storedInfo = JsonDocument.Parse(stored.State.CustomInfo!.Json);
        Assert.Equal(7, storedInfo.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Get_ValueNamedLikeAHeavyMember_IsKept()
    {
        // Arrange: "fill_events" only as a value and inside a nested object: only top-level members are left out.
        await StoreAsync(new ExecutorBuilder("lookalike").OfType(ExecutorTypes.Position)
            .WithCustomInfo("""{"note": "fill_events", "nested": {"fill_events": [1]}}""").Build());

        // Act
        using var body = await GetAsync("/executors/lookalike");

        // Assert
        var customInfo = body.RootElement.GetProperty("custom_info");
        Assert.Equal("fill_events", customInfo.GetProperty("note").GetString());
        Assert.Equal(1, customInfo.GetProperty("nested").GetProperty("fill_events")[0].GetInt32());
    }

    // As a set: PostgreSQL's jsonb keeps an object's members in an order of its own.
    private static string[] Members(JsonElement element) => [.. element.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal)];

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var client = Api.CreateReaderClient();
        return JsonDocument.Parse(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
    }
}
