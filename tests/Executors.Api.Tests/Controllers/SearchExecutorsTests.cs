using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Npgsql;
using Microsoft.EntityFrameworkCore;

namespace Executors.Api.Tests.Controllers;

public sealed class SearchExecutorsTests(SharedApi shared) : SharedApiTest(shared)
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Search_NoFilters_ReturnsNewestFirstWithConfigAndCustomInfo()
    {
        // Arrange
        await StoreAsync(
            Make("old", Start).Build(),
            Make("new", Start.AddHours(2)).WithConfig("""{"a": 1}""").WithCustomInfo("""{"side": "BUY"}""").Build(),
            Make("mid", Start.AddHours(1)).Build(),
            Make("undated", createdAt: null).Build());

        // Act
        using var page = await SearchAsync(new { });

        // Assert: newest first; unknown creation time last; rows carry config and custom_info, as the original's do (the
        // MCP server reads custom_info.side, dashboards read config): the 22 fields of the record.
        Assert.Equal(["new", "mid", "old", "undated"], Ids(page));
        var first = page.RootElement.GetProperty("data")[0];
        Assert.Equal(1, first.GetProperty("config").GetProperty("a").GetInt32());
        Assert.Equal("BUY", first.GetProperty("custom_info").GetProperty("side").GetString());
        Assert.Equal(22, first.EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Null, page.RootElement.GetProperty("data")[1].GetProperty("config").ValueKind);
        var pagination = page.RootElement.GetProperty("pagination");
        Assert.Equal(100, pagination.GetProperty("limit").GetInt32());
        Assert.False(pagination.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pagination.GetProperty("next_cursor").ValueKind);
        Assert.Equal(4, pagination.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Search_Lean_LeavesConfigAndCustomInfoOutAsNull()
    {
        // Arrange
        await StoreAsync(Make("full", Start).WithConfig("""{"a": 1}""").WithCustomInfo("""{"side": "SELL"}""").Build());

        // Act
        using var lean = await SearchAsync(new { lean = true });
        using var full = await SearchAsync(new { lean = false });

        // Assert: the same 22 keys; the two documents null only when asked for a lean page.
        var leanRow = lean.RootElement.GetProperty("data")[0];
        Assert.Equal(22, leanRow.EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Null, leanRow.GetProperty("config").ValueKind);
        Assert.Equal(JsonValueKind.Null, leanRow.GetProperty("custom_info").ValueKind);
        Assert.Equal("full", leanRow.GetProperty("executor_id").GetString());
        Assert.Equal("SELL", full.RootElement.GetProperty("data")[0].GetProperty("custom_info").GetProperty("side").GetString());
    }

    [Fact]
    public async Task Search_HeavyCustomInfoMembers_AreLeftOutButStayStored()
    {
        // Arrange: a grid executor and a position executor, each with the members the original leaves out of reads.
        const string heavy = """{"side": "BUY", "fill_events": [1, 2], "levels_by_state": {"OPEN": []}, "filled_orders": [{}], "failed_orders": [], "canceled_orders": [], "held_position_orders": []}""";
        await StoreAsync(
            Make("grid", Start.AddHours(1)).OfType(ExecutorTypes.Grid).WithCustomInfo(heavy).Build(),
            Make("position", Start).OfType(ExecutorTypes.Position).WithCustomInfo(heavy).Build());

        // Act
        using var page = await SearchAsync(new { });

        // Assert: fill_events is left out for every type, the four order books for grid executors only.
        Assert.Equal(["held_position_orders", "side"], Members(page.RootElement.GetProperty("data")[0].GetProperty("custom_info")));
        Assert.Equal(["canceled_orders", "failed_orders", "filled_orders", "held_position_orders", "levels_by_state", "side"], Members(page.RootElement.GetProperty("data")[1].GetProperty("custom_info")));
        await using var db = Database.CreateDbContext();
        var stored = await db.Executors.AsNoTracking().SingleAsync(executor => executor.ExecutorId == "grid", TestContext.Current.CancellationToken);
        Assert.Contains("fill_events", stored.State.CustomInfo!.Json, StringComparison.Ordinal);
    }

    // As a set: PostgreSQL's jsonb keeps an object's members in an order of its own.
    private static string[] Members(JsonElement element) => [.. element.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Search_ExecutorWithErrors_ShowsErrorCountAndLastError()
    {
        // Arrange
        await StoreAsync(Make("err1", Start).WithError(Start.AddMinutes(2), "later failure").WithError(Start.AddMinutes(1), "first failure").Build());

        // Act
        using var page = await SearchAsync(new { });

        // Assert
        var item = page.RootElement.GetProperty("data")[0];
        Assert.Equal(2, item.GetProperty("error_count").GetInt32());
        Assert.Equal("later failure", item.GetProperty("last_error").GetString());
    }

    [Theory]
    [InlineData("""{"account_names": ["acct_a"]}""", new[] { "a2", "a1" })]
    [InlineData("""{"connector_names": ["kucoin"]}""", new[] { "k1" })]
    [InlineData("""{"trading_pairs": ["ETH-USDT"]}""", new[] { "k1", "a2" })]
    [InlineData("""{"executor_types": ["grid_executor", "dca_executor"]}""", new[] { "g1", "a2" })]
    [InlineData("""{"controller_ids": ["c1"]}""", new[] { "g1", "a1" })]
    [InlineData("""{"status": "TERMINATED"}""", new[] { "g1" })]
    [InlineData("""{"account_names": ["acct_a", "acct_b"], "trading_pairs": ["ETH-USDT"]}""", new[] { "k1", "a2" })]
    [InlineData("""{"account_names": ["acct_a"], "status": "RUNNING", "executor_types": ["position_executor"]}""", new[] { "a1" })]
    [InlineData("""{"account_names": ["nobody"]}""", new string[0])]
    [InlineData("""{"account_names": [], "status": null}""", new[] { "g1", "k1", "a2", "a1" })]
    public async Task Search_Filters_ReturnExactlyTheMatches(string body, string[] expected)
    {
        // Arrange
        await StoreAsync(
            Make("a1", Start).ForAccount("acct_a").ForController("c1").WithStatus(ExecutorStatus.Running).Build(),
            Make("a2", Start.AddHours(1)).OfType(ExecutorTypes.Dca).ForAccount("acct_a").ForPair("ETH-USDT").Build(),
            Make("k1", Start.AddHours(2)).ForAccount("acct_b").OnConnector("kucoin").ForPair("ETH-USDT").Build(),
            Make("g1", Start.AddHours(4)).OfType(ExecutorTypes.Grid).ForAccount("acct_b").ForController("c1").Terminated(CloseType.Completed, Start.AddHours(5)).Build());

        // Act
        using var page = await SearchAsync(body);

        // Assert
        Assert.Equal(expected, Ids(page));
        Assert.Equal(expected.Length, page.RootElement.GetProperty("pagination").GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Search_ManyPagesWhileExecutorsArrive_NoDuplicateNoGap()
    {
        // Arrange: 53 executors, some sharing a creation time (the id breaks the tie).
        var initial = Enumerable.Range(0, 53).Select(i => Make($"ex{i:D3}", Start.AddMinutes(i / 3)).Build()).ToArray();
        await StoreAsync(initial);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;

        // Act: walk the pages, adding newer executors (and one equal-time sibling) between pages.
        do
        {
            using var page = await SearchAsync(new { limit = 10, cursor });
            seen.AddRange(Ids(page));
            var pagination = page.RootElement.GetProperty("pagination");
            Assert.Equal(53 + (pages * 2), pagination.GetProperty("total_count").GetInt32());
            cursor = pagination.GetProperty("next_cursor").GetString();
            Assert.Equal(cursor is not null, pagination.GetProperty("has_more").GetBoolean());
            await StoreAsync(Make($"late{pages}", Start.AddDays(1 + pages)).Build(), Make($"zz{pages}", Start.AddDays(2 + pages)).Build());
            pages++;
        }
        while (cursor is not null && pages < 20);

        // Assert: every executor that existed at the start, once each, in order; none of the late ones.
        var expected = initial.OrderByDescending(e => e.State.CreatedAt).ThenByDescending(e => e.ExecutorId, StringComparer.Ordinal).Select(e => e.ExecutorId);
        Assert.Equal(expected, seen);
        Assert.Equal(6, pages);
    }

    [Fact]
    public async Task Search_LimitOne_WalksEveryRowOnce()
    {
        // Arrange
        await StoreAsync(Make("x1", Start).Build(), Make("x2", Start).Build(), Make("x3", createdAt: null).Build());
        var seen = new List<string>();
        string? cursor = null;

        // Act
        for (var i = 0; i < 5; i++)
        {
            using var page = await SearchAsync(new { limit = 1, cursor });
            seen.AddRange(Ids(page));
            cursor = page.RootElement.GetProperty("pagination").GetProperty("next_cursor").GetString();
            if (cursor is null)
            {
                break;
            }
        }

        // Assert
        Assert.Equal(["x2", "x1", "x3"], seen);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public async Task Search_MalformedCursor_Returns400NamingCursor(string cursor)
    {
        // Act
        using var response = await PostAsync(JsonSerializer.Serialize(new { cursor }));

        // Assert
        await AssertBadRequestAsync(response, "cursor");
    }

    [Fact]
    public async Task Search_CursorFromOtherFilters_Returns400()
    {
        // Arrange: a real cursor of an unfiltered search.
        await StoreAsync(Make("f1", Start).Build(), Make("f2", Start.AddHours(1)).Build());
        using var first = await SearchAsync(new { limit = 1 });
        var cursor = first.RootElement.GetProperty("pagination").GetProperty("next_cursor").GetString();

        // Act: used with a filter, it is foreign.
        using var response = await PostAsync(JsonSerializer.Serialize(new { limit = 1, cursor, status = "RUNNING" }));

        // Assert
        await AssertBadRequestAsync(response, "cursor");
    }

    [Fact]
    public async Task Search_CursorPastTheLastMatch_EmptyPageStillCountsTheMatches()
    {
        // Arrange: a cursor after "c3" whose only follower, "c1", then disappears (by hand: the API deletes nothing), so
        // that the next page is empty and its count cannot come with a row.
        await StoreAsync(Make("c1", Start).Build(), Make("c2", Start.AddHours(1)).Build(), Make("c3", Start.AddHours(2)).Build());
        using var first = await SearchAsync(new { limit = 2 });
        var cursor = first.RootElement.GetProperty("pagination").GetProperty("next_cursor").GetString();
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var delete = new NpgsqlCommand("DELETE FROM executors WHERE executor_id = 'c1'", connection);
            await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Act
        using var next = await SearchAsync(new { limit = 2, cursor });

        // Assert
        Assert.Equal(["c3", "c2"], Ids(first));
        Assert.Equal(3, first.RootElement.GetProperty("pagination").GetProperty("total_count").GetInt32());
        Assert.Empty(Ids(next));
        Assert.False(next.RootElement.GetProperty("pagination").GetProperty("has_more").GetBoolean());
        Assert.Equal(2, next.RootElement.GetProperty("pagination").GetProperty("total_count").GetInt32());
    }

    [Theory]
    [InlineData("""{"limit": 0}""", "limit")]
    [InlineData("""{"limit": 1001}""", "limit")]
    [InlineData("""{"limit": -5}""", "limit")]
    [InlineData("""{"status": "running"}""", "status")]
    [InlineData("""{"status": "PAUSED"}""", "status")]
    [InlineData("""{"executor_types": ["spot_executor"]}""", "executor_types")]
    [InlineData("""{"account_names": [""]}""", "account_names")]
    public async Task Search_InvalidField_Returns400NamingIt(string body, string field)
    {
        // Act
        using var response = await PostAsync(body);

        // Assert
        await AssertBadRequestAsync(response, field);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"limit": "ten"}""")]
    [InlineData("""{"account_names": "acct"}""")]
    [InlineData("[]")]
    public async Task Search_UnreadableBody_Returns400ProblemDetails(string body)
    {
        // Act
        using var response = await PostAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
    }

    [Fact]
    public async Task Search_TooManyFilterValues_Returns400()
    {
        // Act
        using var response = await PostAsync(JsonSerializer.Serialize(new { account_names = Enumerable.Range(0, 101).Select(i => $"a{i}") }));

        // Assert
        await AssertBadRequestAsync(response, "account_names");
    }

    [Fact]
    public async Task Search_NoCredentials_Returns401()
    {
        // Act
        using var response = await Api.CreateClient().PostAsJsonAsync("/executors/search", new { }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>A NOT_STARTED buy on acct/binance/BTC-USDT, created (and timestamped) at <paramref name="createdAt"/>.</summary>
    private static ExecutorBuilder Make(string id, DateTimeOffset? createdAt) =>
        new ExecutorBuilder(id).ForAccount("acct").OnConnector("binance").WithSide(TradeSide.Buy).At(createdAt).CreatedAt(createdAt);

    private async Task<JsonDocument> SearchAsync(object body) => await SearchAsync(JsonSerializer.Serialize(body));

    private async Task<JsonDocument> SearchAsync(string body)
    {
        using var response = await PostAsync(body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Api.CreateReaderClient().PostAsync("/executors/search", content, TestContext.Current.CancellationToken);
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        // A list's entry is named with its index, e.g. account_names[0].
        Assert.True(
            problem.RootElement.GetProperty("errors").EnumerateObject().Any(error => error.Name == field || error.Name.StartsWith(field + "[", StringComparison.Ordinal)),
            problem.RootElement.GetRawText());
    }

    private static string[] Ids(JsonDocument page) =>
        [.. page.RootElement.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("executor_id").GetString()!)];
}
