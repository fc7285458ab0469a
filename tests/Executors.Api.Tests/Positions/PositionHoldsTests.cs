using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Positions;

/// <summary>
/// Position holds through the real app and PostgreSQL: made by executors' terminal POSITION_HOLD reports (PUT), read
/// and cleared by the position routes, on the raw JSON.
/// </summary>
public sealed class PositionHoldsTests(SharedApi shared) : SharedApiTest(shared)
{
    private const decimal Opened = 1705315800m;
    private const decimal Closed = 1705320000m;

    private static readonly string[] PositionFields =
    [
        "trading_pair", "connector_name", "account_name", "controller_id", "buy_amount_base", "buy_amount_quote",
        "sell_amount_base", "sell_amount_quote", "net_amount_base", "buy_breakeven_price", "sell_breakeven_price",
        "matched_amount_base", "unmatched_amount_base", "position_side", "realized_pnl_quote", "cum_fees_quote",
        "unrealized_pnl_quote", "executor_count", "executor_ids", "last_updated",
    ];

    [Fact]
    public async Task FilledAmountBase_HoldsALongPosition_InTheOriginalsShape()
    {
        // Arrange
        using var running = await PutAsync("long1", State("RUNNING"));

        // Act: stopped with keep_position, 0.5 bought for 21000, fees 2.1.
        using var closed = await PutAsync("long1", Terminal(new JsonObject { ["filled_amount_base"] = "0.5" }, filledQuote: 21000m, fees: 2.1m));
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var body = await ReadAsync(get);
        var position = body.RootElement;
        Assert.Equal(PositionFields.Order(StringComparer.Ordinal), position.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("BTC-USDT", position.GetProperty("trading_pair").GetString());
        Assert.Equal("binance", position.GetProperty("connector_name").GetString());
        Assert.Equal("master_account", position.GetProperty("account_name").GetString());
        Assert.Equal("main", position.GetProperty("controller_id").GetString());
        Assert.Equal(0.5m, Number(position, "buy_amount_base"));
        Assert.Equal(21000m, Number(position, "buy_amount_quote"));
        Assert.Equal(0m, Number(position, "sell_amount_base"));
        Assert.Equal(0.5m, Number(position, "net_amount_base"));
        Assert.Equal(42000m, Number(position, "buy_breakeven_price"));
        Assert.Equal(JsonValueKind.Null, position.GetProperty("sell_breakeven_price").ValueKind);
        Assert.Equal(0m, Number(position, "matched_amount_base"));
        Assert.Equal(0.5m, Number(position, "unmatched_amount_base"));
        Assert.Equal("LONG", position.GetProperty("position_side").GetString());
        Assert.Equal(0m, Number(position, "realized_pnl_quote"));
        Assert.Equal(2.1m, Number(position, "cum_fees_quote"));
        Assert.Equal(JsonValueKind.Null, position.GetProperty("unrealized_pnl_quote").ValueKind);
        Assert.Equal(JsonValueKind.Number, position.GetProperty("executor_count").ValueKind);
        Assert.Equal(1, position.GetProperty("executor_count").GetInt32());
        Assert.Equal(["long1"], position.GetProperty("executor_ids").EnumerateArray().Select(id => id.GetString()));
        var lastUpdated = DateTimeOffset.Parse(position.GetProperty("last_updated").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(lastUpdated, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task HeldOrders_FromTwoExecutors_AreSettledIntoOnePosition()
    {
        // Arrange: A bought 2 for 200 (fee 0.2); B sold 0.5 for 60 (no order fees: its cum_fees_quote 0.06).
        using var a = await PutAsync("pm_a", Terminal(Orders(("BUY", "2", "200", "0.2")), fees: 5m));

        // Act: matched 0.5, realized 0.5 × (120 − 100) = 10; 1.5 left bought for 150.
        using var b = await PutAsync("pm_b", Terminal(Orders(("SELL", "0.5", "60", null)), fees: 0.06m, side: "SELL"));
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        using var body = await ReadAsync(get);
        var position = body.RootElement;
        Assert.Equal(1.5m, Number(position, "buy_amount_base"));
        Assert.Equal(150m, Number(position, "buy_amount_quote"));

        // As written, with no trailing zeros from the arithmetic or the store.
        Assert.Equal("1.5", position.GetProperty("buy_amount_base").GetRawText());
        Assert.Equal("150", position.GetProperty("buy_amount_quote").GetRawText());
        Assert.Equal("10", position.GetProperty("realized_pnl_quote").GetRawText());
        Assert.Equal("100", position.GetProperty("buy_breakeven_price").GetRawText());
        Assert.Equal(0m, Number(position, "sell_amount_base"));
        Assert.Equal(100m, Number(position, "buy_breakeven_price"));
        Assert.Equal(10m, Number(position, "realized_pnl_quote"));
        Assert.Equal(0.26m, Number(position, "cum_fees_quote"));
        Assert.Equal("LONG", position.GetProperty("position_side").GetString());
        Assert.Equal(2, position.GetProperty("executor_count").GetInt32());
        Assert.Equal(["pm_a", "pm_b"], position.GetProperty("executor_ids").EnumerateArray().Select(id => id.GetString()));
    }

    [Fact]
    public async Task Sells_HoldAShortPosition()
    {
        // Act
        using var put = await PutAsync("short1", Terminal(Orders(("SELL", "1", "50", "0.05")), side: "SELL"));
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        using var body = await ReadAsync(get);
        var position = body.RootElement;
        Assert.Equal(-1m, Number(position, "net_amount_base"));
        Assert.Equal(1m, Number(position, "unmatched_amount_base"));
        Assert.Equal(50m, Number(position, "sell_breakeven_price"));
        Assert.Equal(JsonValueKind.Null, position.GetProperty("buy_breakeven_price").ValueKind);
        Assert.Equal("SHORT", position.GetProperty("position_side").GetString());
    }

    [Fact]
    public async Task OtherControllers_HoldTheirOwnPositions_AndTheSummaryFiltersByController()
    {
        // Arrange
        using var main = await PutAsync("c_main", Terminal(Orders(("BUY", "1", "100", "0"))));
        using var other = await PutAsync("c_other", Terminal(Orders(("BUY", "3", "330", "0")), controller: "ctl_b"));

        // Act
        using var all = await GetAsync("/executors/positions/summary");
        using var filtered = await GetAsync("/executors/positions/summary?controller_id=ctl_b");
        using var ofMain = await GetAsync("/executors/positions/binance/BTC-USDT");
        using var ofOther = await GetAsync("/executors/positions/binance/BTC-USDT?controller_id=ctl_b&account_name=master_account");

        // Assert
        using var allBody = await ReadAsync(all);
        Assert.Equal(["total_positions", "total_realized_pnl", "total_unrealized_pnl", "positions"], allBody.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, allBody.RootElement.GetProperty("total_positions").GetInt32());
        Assert.Equal(JsonValueKind.Number, allBody.RootElement.GetProperty("total_realized_pnl").ValueKind);
        Assert.Equal(JsonValueKind.Null, allBody.RootElement.GetProperty("total_unrealized_pnl").ValueKind);
        Assert.Equal(["main", "ctl_b"], allBody.RootElement.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("controller_id").GetString()));
        using var filteredBody = await ReadAsync(filtered);
        var only = Assert.Single(filteredBody.RootElement.GetProperty("positions").EnumerateArray());
        Assert.Equal(110m, Number(only, "buy_breakeven_price"));
        using var mainBody = await ReadAsync(ofMain);
        Assert.Equal(1m, Number(mainBody.RootElement, "buy_amount_base"));
        using var otherBody = await ReadAsync(ofOther);
        Assert.Equal(3m, Number(otherBody.RootElement, "buy_amount_base"));
    }

    [Fact]
    public async Task AFullySettledPosition_IsLeftOutOfTheSummary_ButCanStillBeRead()
    {
        // Arrange: bought 1 for 100, sold 1 for 90.
        using var put = await PutAsync("flat1", Terminal(Orders(("BUY", "1", "100", "0"), ("SELL", "1", "90", "0"))));

        // Act
        using var summary = await GetAsync("/executors/positions/summary");
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        using var summaryBody = await ReadAsync(summary);
        Assert.Equal(0, summaryBody.RootElement.GetProperty("total_positions").GetInt32());
        Assert.Equal(0m, Number(summaryBody.RootElement, "total_realized_pnl"));
        Assert.Empty(summaryBody.RootElement.GetProperty("positions").EnumerateArray());
        using var body = await ReadAsync(get);
        Assert.Equal("FLAT", body.RootElement.GetProperty("position_side").GetString());
        Assert.Equal(-10m, Number(body.RootElement, "realized_pnl_quote"));
    }

    [Fact]
    public async Task TheTerminalReport_CountsOnce_WhenRepeated()
    {
        // Arrange
        using var running = await PutAsync("rep1", State("RUNNING"));
        var terminal = Terminal(Orders(("BUY", "1", "100", "0.1")));
        using var first = await PutAsync("rep1", terminal);

        // Act: the engine repeats its last report.
        using var again = await PutAsync("rep1", terminal);
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        using var body = await ReadAsync(get);
        Assert.Equal(1m, Number(body.RootElement, "buy_amount_base"));
        Assert.Equal(0.1m, Number(body.RootElement, "cum_fees_quote"));
        Assert.Equal(1, body.RootElement.GetProperty("executor_count").GetInt32());
    }

    [Fact]
    public async Task OtherCloseTypes_AndZeroFills_HoldNothing()
    {
        // Act
        using var completed = await PutAsync("done1", State("TERMINATED", closeType: "COMPLETED", customInfo: new JsonObject { ["filled_amount_base"] = 1 }));
        using var zero = await PutAsync("zero1", Terminal(new JsonObject { ["filled_amount_base"] = 0 }));
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, zero.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("bad_type", "custom_info.held_position_orders[2].trade_type")]
    [InlineData("no_fills", "custom_info.held_position_orders")]
    [InlineData("no_account", "account_name")]
    [InlineData("no_connector", "connector_name")]
    [InlineData("range_side", "side")]
    public async Task AnUnusablePositionHoldReport_Is400NamingTheField_AndChangesNothing(string kind, string field)
    {
        // Arrange
        using var running = await PutAsync("bad1", State("RUNNING", account: kind == "no_account" ? null : "master_account", connector: kind == "no_connector" ? null : "binance", side: kind == "range_side" ? "RANGE" : "BUY"));
        var terminal = kind switch
        {
            "bad_type" => Terminal(Orders(("BUY", "1", "100", "0"), ("SELL", "1", "100", "0"), ("HOLD", "1", "1", "0"))),
            "no_fills" => Terminal(new JsonObject { ["levels"] = 3 }),
            "no_account" => Terminal(Orders(("BUY", "1", "100", "0")), account: null),
            "no_connector" => Terminal(Orders(("BUY", "1", "100", "0")), connector: null),
            _ => Terminal(new JsonObject { ["filled_amount_base"] = 1 }, side: "RANGE"),
        };

        // Act
        using var put = await PutAsync("bad1", terminal);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(put, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        using var executor = await GetAsync("/executors/bad1");
        using var executorBody = await ReadAsync(executor);
        Assert.Equal("RUNNING", executorBody.RootElement.GetProperty("status").GetString());
        using var summary = await GetAsync("/executors/positions/summary");
        using var summaryBody = await ReadAsync(summary);
        Assert.Equal(0, summaryBody.RootElement.GetProperty("total_positions").GetInt32());
    }

    [Fact]
    public async Task UnknownPositions_Are404_WithTheOriginalsDetail()
    {
        // Arrange
        using var put = await PutAsync("k1", Terminal(Orders(("BUY", "1", "100", "0"))));

        // Act
        using var get = await GetAsync("/executors/positions/binance/ETH-USDT");
        using var otherController = await GetAsync("/executors/positions/binance/BTC-USDT?controller_id=nope");
        using var delete = await SendAsync(HttpMethod.Delete, "/executors/positions/kraken/BTC-USDT", TestUsers.Writer, TestUsers.WriterPassword);

        // Assert
        using var getProblem = await ProblemAssert.ReadAsync(get, 404);
        Assert.Equal("No position hold found for binance/ETH-USDT", getProblem.RootElement.GetProperty("detail").GetString());
        using var controllerProblem = await ProblemAssert.ReadAsync(otherController, 404);
        Assert.Equal("No position hold found for binance/BTC-USDT", controllerProblem.RootElement.GetProperty("detail").GetString());
        using var deleteProblem = await ProblemAssert.ReadAsync(delete, 404);
        Assert.Equal("No position hold found for kraken/BTC-USDT", deleteProblem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Clear_RemovesThePosition_AndTheNextExecutorStartsAFreshOne()
    {
        // Arrange
        using var first = await PutAsync("cl_a", Terminal(Orders(("BUY", "2", "200", "0"))));

        // Act
        using var delete = await SendAsync(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT?account_name=master_account&controller_id=main", TestUsers.Writer, TestUsers.WriterPassword);
        using var gone = await GetAsync("/executors/positions/binance/BTC-USDT");
        using var next = await PutAsync("cl_b", Terminal(Orders(("BUY", "1", "130", "0"))));
        using var fresh = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        using var deleted = await ReadAsync(delete);
        Assert.Equal(
            """{"message":"Position hold for binance/BTC-USDT cleared","connector_name":"binance","trading_pair":"BTC-USDT"}""",
            deleted.RootElement.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var body = await ReadAsync(fresh);
        Assert.Equal(1m, Number(body.RootElement, "buy_amount_base"));
        Assert.Equal(["cl_b"], body.RootElement.GetProperty("executor_ids").EnumerateArray().Select(id => id.GetString()));
    }

    [Fact]
    public async Task AReader_CannotClear()
    {
        // Arrange
        using var put = await PutAsync("r1", Terminal(Orders(("BUY", "1", "100", "0"))));

        // Act
        using var delete = await SendAsync(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT", TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task ARestrictedUser_SeesOnlyItsAccountsPositions()
    {
        // Arrange: one position of master_account, one of alice_main.
        using var master = await PutAsync("s_master", Terminal(Orders(("BUY", "1", "100", "0"))));
        using var alice = await PutAsync("s_alice", Terminal(Orders(("BUY", "2", "100", "0")), account: "alice_main"));

        // Act
        using var summary = await SendAsync(HttpMethod.Get, "/executors/positions/summary", TestUsers.Alice, TestUsers.AlicePassword);
        using var foreign = await SendAsync(HttpMethod.Get, "/executors/positions/binance/BTC-USDT?account_name=master_account", TestUsers.Alice, TestUsers.AlicePassword);
        using var defaulted = await SendAsync(HttpMethod.Get, "/executors/positions/binance/BTC-USDT", TestUsers.Alice, TestUsers.AlicePassword);
        using var own = await SendAsync(HttpMethod.Get, "/executors/positions/binance/BTC-USDT?account_name=alice_main", TestUsers.Alice, TestUsers.AlicePassword);
        using var clearForeign = await SendAsync(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT?account_name=master_account", TestUsers.Alice, TestUsers.AlicePassword);

        // Assert
        using var summaryBody = await ReadAsync(summary);
        var only = Assert.Single(summaryBody.RootElement.GetProperty("positions").EnumerateArray());
        Assert.Equal("alice_main", only.GetProperty("account_name").GetString());
        Assert.Equal(1, summaryBody.RootElement.GetProperty("total_positions").GetInt32());
        using var foreignProblem = await ProblemAssert.ReadAsync(foreign, 404);
        Assert.Equal("No position hold found for binance/BTC-USDT", foreignProblem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, defaulted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var clearProblem = await ProblemAssert.ReadAsync(clearForeign, 404);
        using var stillThere = await GetAsync("/executors/positions/binance/BTC-USDT?account_name=master_account");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Theory]
    [InlineData("/executors/positions/summary?controller_id={long256}", "controller_id")]
    [InlineData("/executors/positions/summary?controller_id=", "controller_id")]
    [InlineData("/executors/positions/binance/BTC-USDT?account_name=", "account_name")]
    [InlineData("/executors/positions/binance/BTC-USDT?controller_id={long256}", "controller_id")]
    [InlineData("/executors/positions/binance/BTC-USDT?account_name={long256}", "account_name")]
    [InlineData("/executors/positions/binance/{long64}", "trading_pair")]
    [InlineData("/executors/positions/{long128}/BTC-USDT", "connector_name")]
    public async Task OverlongNames_Are400NamingTheField(string template, string field)
    {
        // Arrange
        var path = template.Replace("{long256}", new string('c', 257), StringComparison.Ordinal)
            .Replace("{long128}", new string('n', 129), StringComparison.Ordinal)
            .Replace("{long64}", new string('p', 65), StringComparison.Ordinal);

        // Act
        using var get = await GetAsync(path);
        using var delete = path.Contains("summary", StringComparison.Ordinal)
            ? null
            : await SendAsync(HttpMethod.Delete, path, TestUsers.Writer, TestUsers.WriterPassword);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(get, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        if (delete is not null)
        {
            using var deleteProblem = await ProblemAssert.ReadAsync(delete, 400);
            Assert.True(deleteProblem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
        }
    }

    [Fact]
    public async Task ExecutorsClosingAtOnceOnOnePosition_AreAllCounted()
    {
        // Arrange: eight running executors on the same market and controller.
        const int Count = 8;
        var ids = Enumerable.Range(0, Count).Select(i => $"race_{i}").ToList();
        foreach (var id in ids)
        {
            using var running = await PutAsync(id, State("RUNNING"));
        }

        // Act: all close with POSITION_HOLD at once, each having bought 1 for 100 (fee 0.1); the position does not exist yet.
        var responses = await Task.WhenAll(ids.Select(id => PutAsync(id, Terminal(Orders(("BUY", "1", "100", "0.1"))))));
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        using var body = await ReadAsync(get);
        Assert.Equal(8m, Number(body.RootElement, "buy_amount_base"));
        Assert.Equal(800m, Number(body.RootElement, "buy_amount_quote"));
        Assert.Equal(0.8m, Number(body.RootElement, "cum_fees_quote"));
        Assert.Equal(ids.Order(StringComparer.Ordinal), body.RootElement.GetProperty("executor_ids").EnumerateArray().Select(id => id.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClearsRacingEachOther_OneClears_TheOther404s()
    {
        // Arrange
        using var put = await PutAsync("dd1", Terminal(Orders(("BUY", "1", "100", "0"))));

        // Act
        var deletes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT", TestUsers.Writer, TestUsers.WriterPassword)));

        // Assert
        Assert.Equal(1, deletes.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, deletes.Count(response => response.StatusCode == HttpStatusCode.NotFound));
        foreach (var response in deletes)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task AClearRacingAClose_EndsWithTheCloseCountedInFullOrCleared_NeverHalf()
    {
        // Arrange: a position held by one executor; another running on the same market.
        using var first = await PutAsync("rc_a", Terminal(Orders(("BUY", "1", "100", "0"))));
        using var running = await PutAsync("rc_b", State("RUNNING"));

        // Act: the second closes with POSITION_HOLD while the position is cleared.
        var close = PutAsync("rc_b", Terminal(Orders(("BUY", "2", "300", "0"))));
        var clear = SendAsync(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT", TestUsers.Writer, TestUsers.WriterPassword);
        using var closed = await close;
        using var cleared = await clear;
        using var get = await GetAsync("/executors/positions/binance/BTC-USDT");

        // Assert: either the clear came first (a fresh position of rc_b alone) or last (nothing left).
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        if (get.StatusCode == HttpStatusCode.OK)
        {
            using var body = await ReadAsync(get);
            Assert.Equal(2m, Number(body.RootElement, "buy_amount_base"));
            Assert.Equal(["rc_b"], body.RootElement.GetProperty("executor_ids").EnumerateArray().Select(id => id.GetString()));
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
    }

    [Fact]
    public async Task PerformanceReport_CountsPositionsWithVolume_AndTakesTheirFeesOffUnrealized_InScope()
    {
        // Arrange: master main (fees 0.5), master ctl_b (fees 0.25), alice main (fees 1), and a flat one (fees 9).
        using var a = await PutAsync("t_a", Terminal(Orders(("BUY", "1", "100", "0.5"))));
        using var b = await PutAsync("t_b", Terminal(Orders(("SELL", "1", "100", "0.25")), controller: "ctl_b", side: "SELL"));
        using var c = await PutAsync("t_c", Terminal(Orders(("BUY", "1", "100", "1")), account: "alice_main"));
        using var flat = await PutAsync("t_flat", Terminal(Orders(("BUY", "1", "100", "4.5"), ("SELL", "1", "100", "4.5")), connector: "kraken"));

        // Act
        var all = await PerformanceAsync("/executors/performance", TestUsers.Reader, TestUsers.ReaderPassword);
        var main = await PerformanceAsync("/executors/performance?controller_id=main", TestUsers.Reader, TestUsers.ReaderPassword);
        var alice = await PerformanceAsync("/executors/performance", TestUsers.Alice, TestUsers.AlicePassword);
        var none = await PerformanceAsync("/executors/performance?controller_id=nobody", TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert: (active_positions, unrealized = no active executor's PnL − the positions' fees, global alike: the
        // POSITION_HOLD executors are not realized).
        Assert.Equal((3, -1.75m, -1.75m), all);
        Assert.Equal((2, -1.5m, -1.5m), main);
        Assert.Equal((1, -1m, -1m), alice);
        Assert.Equal((0, 0m, 0m), none);
    }

    [Fact]
    public async Task TheSummary_IsChargedByItsRows()
    {
        // Arrange: 5 requests a minute per user, 1 row per permit; two positions.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:PermitLimit"] = "5",
            ["RateLimiting:Window"] = "00:01:00",
            ["RateLimiting:RowsPerPermit"] = "1",
        });
        using var a = await PutAsync("rl_a", Terminal(Orders(("BUY", "1", "100", "0"))));
        using var b = await PutAsync("rl_b", Terminal(Orders(("BUY", "1", "100", "0")), controller: "ctl_b"));
        using var reader = api.CreateReaderClient();

        // Act: each summary of 2 rows costs 3 permits.
        using var first = await reader.GetAsync("/executors/positions/summary", TestContext.Current.CancellationToken);
        using var second = await reader.GetAsync("/executors/positions/summary", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public void TheDocument_NamesTheOperationsAsTheOriginal_UnderTheExecutorsTag()
    {
        // Arrange
        using var document = JsonDocument.Parse(Executors.Testing.RepositoryFiles.Read("docs/openapi.json"));
        var paths = document.RootElement.GetProperty("paths");

        // Act
        var operations = new[]
        {
            paths.GetProperty("/executors/positions/summary").GetProperty("get"),
            paths.GetProperty("/executors/positions/{connector_name}/{trading_pair}").GetProperty("get"),
            paths.GetProperty("/executors/positions/{connector_name}/{trading_pair}").GetProperty("delete"),
        };

        // Assert
        Assert.Equal(["GetPositionsSummary", "GetPositionHeld", "ClearPositionHeld"], operations.Select(operation => operation.GetProperty("operationId").GetString()));
        Assert.All(operations, operation => Assert.Equal(["Executors"], operation.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString())));
    }

    private static JsonObject Orders(params (string TradeType, string Base, string Quote, string? Fee)[] orders) => new()
    {
        ["held_position_orders"] = new JsonArray([.. orders.Select(order =>
        {
            var node = new JsonObject
            {
                ["trade_type"] = order.TradeType,
                ["executed_amount_base"] = order.Base,
                ["executed_amount_quote"] = JsonValue.Create(decimal.Parse(order.Quote, CultureInfo.InvariantCulture)),
            };
            if (order.Fee is not null)
            {
                node["cumulative_fee_paid_quote"] = order.Fee;
            }

            return (JsonNode)node;
        })]),
    };

    private static JsonObject Terminal(JsonObject customInfo, decimal filledQuote = 0m, decimal fees = 0m, string? account = "master_account", string? connector = "binance", string? controller = null, string side = "BUY") =>
        State("TERMINATED", "POSITION_HOLD", customInfo, filledQuote, fees, account, connector, controller, side);

    private static JsonObject State(
        string status,
        string? closeType = null,
        JsonObject? customInfo = null,
        decimal filledQuote = 0m,
        decimal fees = 0m,
        string? account = "master_account",
        string? connector = "binance",
        string? controller = null,
        string side = "BUY") => new()
    {
        ["executor_type"] = "position_executor",
        ["account_name"] = account,
        ["connector_name"] = connector,
        ["trading_pair"] = "BTC-USDT",
        ["status"] = status,
        ["is_trading"] = false,
        ["cum_fees_quote"] = fees,
        ["filled_amount_quote"] = filledQuote,
        ["side"] = side,
        ["timestamp"] = Opened,
        ["close_type"] = closeType,
        ["close_timestamp"] = status == "TERMINATED" ? Closed : null,
        ["controller_id"] = controller,
        ["custom_info"] = customInfo,
    };

    private static decimal Number(JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        return value.GetDecimal();
    }

    private async Task<HttpResponseMessage> PutAsync(string id, JsonObject state)
    {
        using var client = Client(TestUsers.Writer, TestUsers.WriterPassword);
        using var content = new StringContent(state.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.PutAsync($"/executors/{id}", content, TestContext.Current.CancellationToken);
    }

    private async Task<(int ActivePositions, decimal Unrealized, decimal Global)> PerformanceAsync(string path, string user, string password)
    {
        using var response = await SendAsync(HttpMethod.Get, path, user, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        return (body.RootElement.GetProperty("active_positions").GetInt32(), Number(body.RootElement, "unrealized_pnl_quote"), Number(body.RootElement, "global_pnl_quote"));
    }

    private Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, TestUsers.Reader, TestUsers.ReaderPassword);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string user, string password)
    {
        using var client = Client(user, password);
        using var request = new HttpRequestMessage(method, path);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private HttpClient Client(string user, string password)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
}
