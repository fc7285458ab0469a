using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Controllers;

public sealed class SummaryAndTypesTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Summary_MixedExecutors_MatchesHandComputedFigures()
    {
        // Arrange: two running, one shutting down, one terminated (excluded from the totals), one not started.
        var r1 = Running("r1", ExecutorTypes.Position, "binance", pnl: 10.5m, filled: 1000m);
        var r2 = Running("r2", ExecutorTypes.Grid, "kucoin", pnl: -2.25m, filled: 250.75m);
        var s1 = Running("s1", ExecutorTypes.Position, "binance", pnl: 1m, filled: 100m);
        s1.BeginShutdown();
        var t1 = Running("t1", ExecutorTypes.Dca, "binance", pnl: 999m, filled: 99_999m);
        t1.Terminate(CloseType.TakeProfit, DateTimeOffset.UtcNow);
        var n1 = new ExecutorBuilder("n1").OfType(null).ForAccount("acct").OnConnector(null).Build();
        await StoreAsync(r1, r2, s1, t1, n1);

        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/summary", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = body.RootElement;
        Assert.Equal(5, root.GetProperty("total_executors").GetInt32());
        Assert.Equal(4, root.GetProperty("total_active").GetInt32());
        Assert.Equal(9.25m, root.GetProperty("total_pnl_quote").GetDecimal());
        Assert.Equal(1350.75m, root.GetProperty("total_volume_quote").GetDecimal());
        // The breakdowns count the active executors only, as the original's: the terminated DCA executor is in none.
        Assert.Equal(Counts(("position_executor", 2), ("grid_executor", 1), ("", 1)), Counts(root.GetProperty("by_type")));
        Assert.Equal(Counts(("binance", 2), ("kucoin", 1), ("", 1)), Counts(root.GetProperty("by_connector")));
        Assert.Equal(Counts(("RUNNING", 2), ("SHUTTING_DOWN", 1), ("NOT_STARTED", 1)), Counts(root.GetProperty("by_status")));
    }

    [Fact]
    public async Task Summary_NoExecutors_IsAllZero()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/summary", TestContext.Current.CancellationToken);

        // Assert
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, body.RootElement.GetProperty("total_executors").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("total_active").GetInt32());
        Assert.Equal(0m, body.RootElement.GetProperty("total_pnl_quote").GetDecimal());
        Assert.Empty(body.RootElement.GetProperty("by_status").EnumerateObject());
    }

    [Fact]
    public async Task Types_Available_ListsEveryTypeWithDescriptionAndUseCase()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var types = body.RootElement.GetProperty("executor_types").EnumerateArray().ToList();
        Assert.Equal(ExecutorTypes.All, types.Select(type => type.GetProperty("type").GetString()));
        Assert.All(types, type =>
        {
            Assert.False(string.IsNullOrWhiteSpace(type.GetProperty("description").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(type.GetProperty("use_case").GetString()));
        });
    }

    [Theory]
    [InlineData("/executors/summary")]
    [InlineData("/executors/types/available")]
    public async Task Get_NoCredentials_Returns401(string path)
    {
        // Act
        using var response = await Api.CreateClient().GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Executor Running(string id, string type, string connector, decimal pnl, decimal filled)
    {
        var executor = new ExecutorBuilder(id).OfType(type).ForAccount("acct").OnConnector(connector).WithPerformance(pnl, 0m, 0m, filled, isTrading: false).Build();
        return executor;
    }

    private static SortedDictionary<string, int> Counts(params (string Key, int Count)[] pairs) =>
        new(pairs.ToDictionary(pair => pair.Key, pair => pair.Count), StringComparer.Ordinal);

    private static SortedDictionary<string, int> Counts(JsonElement element) =>
        new(element.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetInt32()), StringComparer.Ordinal);
}
