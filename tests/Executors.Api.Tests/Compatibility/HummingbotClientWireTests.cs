using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Compatibility;

/// <summary>
/// Every executor read method of hummingbot-api-client (routers/executors.py), on the wire exactly as it sends it — its
/// paths, its query parameters and JSON bodies with only the keys it sends (search's default <c>limit</c> 50, logs' 100),
/// aiohttp's headers, Basic credentials on every call — against the service on a real PostgreSQL, with data the engine
/// reported through the API. Each answer must carry the original's field names (models/executors.py) with the original's
/// JSON types; where we answer more than the original, the extra keys are named here, so that any other drift fails.
/// </summary>
public sealed class HummingbotClientWireTests(SharedApi shared) : SharedApiTest(shared)
{
    private static readonly string[] DetailFields =
    [
        "executor_id", "executor_type", "account_name", "connector_name", "trading_pair", "side", "status", "is_active",
        "is_trading", "timestamp", "created_at", "close_type", "close_timestamp", "controller_id", "net_pnl_quote",
        "net_pnl_pct", "cum_fees_quote", "filled_amount_quote", "error_count", "last_error", "config", "custom_info",
    ];

    private static readonly string[] PositionFields =
    [
        "trading_pair", "connector_name", "account_name", "controller_id", "buy_amount_base", "buy_amount_quote",
        "sell_amount_base", "sell_amount_quote", "net_amount_base", "buy_breakeven_price", "sell_breakeven_price",
        "matched_amount_base", "unmatched_amount_base", "position_side", "realized_pnl_quote", "cum_fees_quote",
        "unrealized_pnl_quote", "executor_count", "executor_ids", "last_updated",
    ];

    private static readonly HashSet<string> FieldInfoKeys = new(["name", "required", "type", "description", "default", "constraints", "enum_values"], StringComparer.Ordinal);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // The engine reports: a running grid executor (heavy custom_info, no controller named), a finished position
        // executor of another controller, and one that ends holding its position; then a few log lines.
        await EngineAsync(HttpMethod.Put, "/executors/grid_live", $$"""
            {"executor_type": "grid_executor", "account_name": "master_account", "connector_name": "binance", "trading_pair": "BTC-USDT",
             "status": "RUNNING", "is_trading": true, "net_pnl_quote": 12.5, "net_pnl_pct": 1.25, "cum_fees_quote": 0.4,
             "filled_amount_quote": 1000, "side": "BUY", "timestamp": 1705315800, "created_at": "2024-01-15T10:30:00Z",
             "config": {{HummingbotConfigs.Grid}},
             "custom_info": {"side": "BUY", "levels_by_state": {"OPEN": [1]}, "filled_orders": [], "failed_orders": [], "canceled_orders": [], "fill_events": [1]} }
            """);
        await EngineAsync(HttpMethod.Put, "/executors/position_done", $$"""
            {"executor_type": "position_executor", "account_name": "master_account", "connector_name": "binance_perpetual", "trading_pair": "BTC-USDT",
             "status": "TERMINATED", "close_type": "TAKE_PROFIT", "close_timestamp": 1705319400, "net_pnl_quote": 20, "net_pnl_pct": 2,
             "cum_fees_quote": 1, "filled_amount_quote": 2000, "side": "BUY", "timestamp": 1705315800, "created_at": "2024-01-15T09:30:00Z",
             "controller_id": "ctl_a", "config": {{HummingbotConfigs.Position}}, "custom_info": {"side": "BUY"} }
            """);
        await EngineAsync(HttpMethod.Put, "/executors/held_1", """
            {"executor_type": "position_executor", "account_name": "master_account", "connector_name": "binance", "trading_pair": "BTC-USDT",
             "status": "TERMINATED", "close_type": "POSITION_HOLD", "close_timestamp": 1705319400, "side": "BUY", "timestamp": 1705315800,
             "created_at": "2024-01-15T08:30:00Z", "cum_fees_quote": 0.1, "filled_amount_quote": 420,
             "custom_info": {"held_position_orders": [{"trade_type": "BUY", "executed_amount_base": "0.01", "executed_amount_quote": "420", "cumulative_fee_paid_quote": "0.1"}]}}
            """);
        await EngineAsync(HttpMethod.Post, "/executors/grid_live/logs", """
            {"entries": [
              {"timestamp": "2024-01-15T10:31:00+00:00", "level": "INFO", "message": "placed level 1"},
              {"timestamp": "2024-01-15T10:32:00+00:00", "level": "ERROR", "message": "order rejected", "exc_info": "Traceback (most recent call last): ..."}]}
            """);
    }

    [Fact]
    public async Task GetExecutor_TheOriginalsDetailRecord()
    {
        // Act: client.executors.get_executor("grid_live")
        using var body = await ClientGetAsync("/executors/grid_live");

        // Assert
        var record = body.RootElement;
        AssertDetail(record);
        Assert.Equal("main", record.GetProperty("controller_id").GetString());
        Assert.Equal("BUY", record.GetProperty("custom_info").GetProperty("side").GetString());
        Assert.False(record.GetProperty("custom_info").TryGetProperty("levels_by_state", out _));
        Assert.False(record.GetProperty("custom_info").TryGetProperty("fill_events", out _));
        Assert.Equal("grid_executor", record.GetProperty("config").GetProperty("type").GetString());
        Assert.Equal(1, record.GetProperty("error_count").GetInt32());
        Assert.Equal("order rejected", record.GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task GetExecutor_Unknown_DetailTheClientRaises()
    {
        // Act
        using var response = await ClientSendAsync(HttpMethod.Get, "/executors/nobody_here");

        // Assert: the client raises with body["detail"].
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("nobody_here", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchExecutors_DefaultsFiltersAndCursor_TheOriginalsPage()
    {
        // Act: search_executors() sends {"limit": 50}; with filters only the keys given; a cursor walk with limit 1.
        using var all = await ClientPostAsync("/executors/search", """{"limit": 50}""");
        using var filtered = await ClientPostAsync("/executors/search", """{"limit": 50, "account_names": ["master_account"], "controller_ids": ["main"], "status": "RUNNING"}""");
        using var first = await ClientPostAsync("/executors/search", """{"limit": 1, "connector_names": ["binance"]}""");
        var cursor = first.RootElement.GetProperty("pagination").GetProperty("next_cursor").GetString();
        using var second = await ClientPostAsync("/executors/search", $$"""{"limit": 1, "connector_names": ["binance"], "cursor": "{{cursor}}"}""");

        // Assert: {data: [records with config and custom_info], pagination: {limit, has_more, next_cursor, total_count}}.
        AssertKeys(all.RootElement, "data", "pagination");
        AssertPagination(all.RootElement.GetProperty("pagination"), limit: 50, hasMore: false, total: 3);
        foreach (var row in all.RootElement.GetProperty("data").EnumerateArray())
        {
            AssertDetail(row);
        }

        Assert.Equal(["grid_live", "position_done", "held_1"], Ids(all));
        Assert.Equal("BUY", all.RootElement.GetProperty("data")[0].GetProperty("custom_info").GetProperty("side").GetString());
        Assert.Equal(["grid_live"], Ids(filtered));
        Assert.Equal(["grid_live"], Ids(first));
        AssertPagination(first.RootElement.GetProperty("pagination"), limit: 1, hasMore: true, total: 2);
        Assert.Equal(["held_1"], Ids(second));
        AssertPagination(second.RootElement.GetProperty("pagination"), limit: 1, hasMore: false, total: 2);
    }

    [Fact]
    public async Task GetSummary_TheOriginalsCountsOfActiveExecutors()
    {
        // Act: get_summary()
        using var body = await ClientGetAsync("/executors/summary");

        // Assert: the original's six keys (and our total_executors); counts of the active executors only.
        var summary = body.RootElement;
        AssertKeys(summary, "total_active", "total_pnl_quote", "total_volume_quote", "by_type", "by_connector", "by_status", "total_executors");
        AssertInteger(summary, "total_active");
        AssertNumber(summary, "total_pnl_quote");
        AssertNumber(summary, "total_volume_quote");
        Assert.Equal(1, summary.GetProperty("total_active").GetInt32());
        Assert.Equal(12.5m, summary.GetProperty("total_pnl_quote").GetDecimal());
        Assert.Equal("""{"grid_executor":1}""", Compact(summary.GetProperty("by_type")));
        Assert.Equal("""{"binance":1}""", Compact(summary.GetProperty("by_connector")));
        Assert.Equal("""{"RUNNING":1}""", Compact(summary.GetProperty("by_status")));
    }

    [Fact]
    public async Task GetPerformanceReport_WithAndWithoutController_TheOriginalsReport()
    {
        // Act: get_performance_report() sends no query; get_performance_report(controller_id="ctl_a") one.
        using var all = await ClientGetAsync("/executors/performance");
        using var ofController = await ClientGetAsync("/executors/performance?controller_id=ctl_a");

        // Assert
        foreach (var report in new[] { all.RootElement, ofController.RootElement })
        {
            AssertKeys(report, "controller_id", "total_executors", "by_status", "pnl_total_quote", "unrealized_pnl_quote", "global_pnl_quote",
                "pnl_pct_avg", "fees_total_quote", "volume_total_quote", "win_rate", "sharpe_ratio", "by_type", "active_positions");
            AssertInteger(report, "total_executors");
            AssertInteger(report, "active_positions");
            foreach (var name in new[] { "pnl_total_quote", "unrealized_pnl_quote", "global_pnl_quote", "pnl_pct_avg", "fees_total_quote", "volume_total_quote", "win_rate" })
            {
                AssertNumber(report, name);
            }

            Assert.Equal(JsonValueKind.Object, report.GetProperty("by_status").ValueKind);
            Assert.Contains(report.GetProperty("sharpe_ratio").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
            foreach (var row in report.GetProperty("by_type").EnumerateArray())
            {
                AssertKeys(row, "executor_type", "total", "completed", "running", "pnl_quote", "volume_quote", "fees_quote");
                AssertString(row, "executor_type");
                AssertInteger(row, "total");
                AssertInteger(row, "completed");
                AssertInteger(row, "running");
                AssertNumber(row, "pnl_quote");
                AssertNumber(row, "volume_quote");
                AssertNumber(row, "fees_quote");
            }
        }

        Assert.Equal(JsonValueKind.Null, all.RootElement.GetProperty("controller_id").ValueKind);
        Assert.Equal(3, all.RootElement.GetProperty("total_executors").GetInt32());
        Assert.Equal(20m, all.RootElement.GetProperty("pnl_total_quote").GetDecimal());
        Assert.Equal(1, all.RootElement.GetProperty("active_positions").GetInt32());
        Assert.Equal(12.4m, all.RootElement.GetProperty("unrealized_pnl_quote").GetDecimal()); // 12.5 running − 0.1 held fees
        Assert.Equal("ctl_a", ofController.RootElement.GetProperty("controller_id").GetString());
        Assert.Equal(1, ofController.RootElement.GetProperty("total_executors").GetInt32());
        Assert.Equal(0, ofController.RootElement.GetProperty("active_positions").GetInt32());
    }

    [Fact]
    public async Task GetExecutorLogs_DefaultLimitAndLevel_TheOriginalsEntries()
    {
        // Act: get_executor_logs(id) sends limit=100; with level="ERROR" also level; a dashboard's lower-case level.
        using var all = await ClientGetAsync("/executors/grid_live/logs?limit=100");
        using var errors = await ClientGetAsync("/executors/grid_live/logs?limit=100&level=ERROR");
        using var lower = await ClientGetAsync("/executors/grid_live/logs?limit=1&level=error");

        // Assert
        AssertKeys(all.RootElement, "executor_id", "logs", "total_count");
        Assert.Equal("grid_live", all.RootElement.GetProperty("executor_id").GetString());
        AssertInteger(all.RootElement, "total_count");
        foreach (var entry in all.RootElement.GetProperty("logs").EnumerateArray())
        {
            AssertKeys(entry, "timestamp", "level", "message", "exc_info");
            AssertString(entry, "timestamp");
            Assert.True(DateTimeOffset.TryParse(entry.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            AssertString(entry, "level");
            AssertString(entry, "message");
            Assert.Contains(entry.GetProperty("exc_info").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }

        Assert.Equal(["placed level 1", "order rejected"], all.RootElement.GetProperty("logs").EnumerateArray().Select(entry => entry.GetProperty("message").GetString()));
        Assert.Equal(1, errors.RootElement.GetProperty("total_count").GetInt32());
        Assert.StartsWith("Traceback", errors.RootElement.GetProperty("logs")[0].GetProperty("exc_info").GetString(), StringComparison.Ordinal);
        Assert.Equal("order rejected", Assert.Single(lower.RootElement.GetProperty("logs").EnumerateArray()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task GetAvailableExecutorTypes_TheOriginalsEightTypes()
    {
        // Act
        using var body = await ClientGetAsync("/executors/types/available");

        // Assert
        AssertKeys(body.RootElement, "executor_types");
        var types = body.RootElement.GetProperty("executor_types").EnumerateArray().ToList();
        foreach (var type in types)
        {
            AssertKeys(type, "type", "description", "use_case");
            AssertString(type, "type");
            AssertString(type, "description");
            AssertString(type, "use_case");
        }

        Assert.Equal(ExecutorTypes.All.Order(StringComparer.Ordinal), types.Select(type => type.GetProperty("type").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("position_executor", "PositionExecutorConfig")]
    [InlineData("grid_executor", "GridExecutorConfig")]
    [InlineData("dca_executor", "DCAExecutorConfig")]
    [InlineData("twap_executor", "TWAPExecutorConfig")]
    [InlineData("arbitrage_executor", "ArbitrageExecutorConfig")]
    [InlineData("xemm_executor", "XEMMExecutorConfig")]
    [InlineData("order_executor", "OrderExecutorConfig")]
    [InlineData("lp_executor", "LPExecutorConfig")]
    public async Task GetExecutorConfigSchema_EachType_TheOriginalsSchema(string executorType, string configClass)
    {
        // Act
        using var body = await ClientGetAsync($"/executors/types/{executorType}/config");

        // Assert
        var schema = body.RootElement;
        AssertKeys(schema, "executor_type", "config_class", "description", "fields", "nested_types");
        Assert.Equal(executorType, schema.GetProperty("executor_type").GetString());
        Assert.Equal(configClass, schema.GetProperty("config_class").GetString());
        AssertString(schema, "description");
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("nested_types").ValueKind);
        foreach (var field in schema.GetProperty("fields").EnumerateArray())
        {
            Assert.Subset(FieldInfoKeys, field.EnumerateObject().Select(member => member.Name).ToHashSet(StringComparer.Ordinal));
            AssertString(field, "name");
            AssertString(field, "type");
            Assert.Contains(field.GetProperty("required").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }

        Assert.Contains(schema.GetProperty("fields").EnumerateArray(), field => field.GetProperty("name").GetString() == "connector_name" || field.GetProperty("name").GetString() == "buying_market");
    }

    [Fact]
    public async Task GetPositionsSummary_WithAndWithoutController_TheOriginalsSummary()
    {
        // Act: get_positions_summary() sends no query; get_positions_summary(controller_id="main") one.
        using var all = await ClientGetAsync("/executors/positions/summary");
        using var ofController = await ClientGetAsync("/executors/positions/summary?controller_id=ctl_a");

        // Assert
        AssertKeys(all.RootElement, "total_positions", "total_realized_pnl", "total_unrealized_pnl", "positions");
        AssertInteger(all.RootElement, "total_positions");
        AssertNumber(all.RootElement, "total_realized_pnl");
        Assert.Contains(all.RootElement.GetProperty("total_unrealized_pnl").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        AssertPosition(Assert.Single(all.RootElement.GetProperty("positions").EnumerateArray()));
        Assert.Equal(0, ofController.RootElement.GetProperty("total_positions").GetInt32());
    }

    [Fact]
    public async Task GetPositionHeld_DefaultsAndExplicitKeys_TheOriginalsPosition()
    {
        // Act: get_position_held("binance", "BTC-USDT") sends no query (the server's defaults: master_account, main);
        // with account_name and controller_id both.
        using var defaults = await ClientGetAsync("/executors/positions/binance/BTC-USDT");
        using var explicitKeys = await ClientGetAsync("/executors/positions/binance/BTC-USDT?account_name=master_account&controller_id=main");
        using var other = await ClientSendAsync(HttpMethod.Get, "/executors/positions/binance/BTC-USDT?controller_id=ctl_a");

        // Assert
        AssertPosition(defaults.RootElement);
        Assert.Equal(defaults.RootElement.GetRawText(), explicitKeys.RootElement.GetRawText());
        Assert.Equal("LONG", defaults.RootElement.GetProperty("position_side").GetString());
        Assert.Equal(["held_1"], defaults.RootElement.GetProperty("executor_ids").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var problem = JsonDocument.Parse(await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("No position hold found for binance/BTC-USDT", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ClearPositionHeld_TheOriginalsConfirmationThenGone()
    {
        // Act: clear_position_held("binance", "BTC-USDT"), with the writer's credentials.
        using var cleared = await ClientSendAsync(HttpMethod.Delete, "/executors/positions/binance/BTC-USDT", TestUsers.Writer, TestUsers.WriterPassword);
        using var after = await ClientSendAsync(HttpMethod.Get, "/executors/positions/binance/BTC-USDT");

        // Assert
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        using var body = JsonDocument.Parse(await cleared.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        AssertKeys(body.RootElement, "message", "connector_name", "trading_pair");
        Assert.Equal("Position hold for binance/BTC-USDT cleared", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("binance", body.RootElement.GetProperty("connector_name").GetString());
        Assert.Equal("BTC-USDT", body.RootElement.GetProperty("trading_pair").GetString());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task CreateExecutor_TheClientsBody_TheOriginalsAnswer()
    {
        // Act: create_executor(config, account_name="master_account", controller_id="agent") posts to "/executors/".
        using var response = await ClientSendAsync(HttpMethod.Post, "/executors/", TestUsers.Writer, TestUsers.WriterPassword, $$"""
            {"executor_config": {"type": "dca_executor", "connector_name": "binance", "trading_pair": "ETH-USDT", "side": "BUY", "amounts_quote": ["10", "20"], "prices": ["2300", "2250"]}, "account_name": "master_account", "controller_id": "agent"}
            """);

        // Assert: 201 with the original's CreateExecutorResponse.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        AssertKeys(body.RootElement, "executor_id", "executor_type", "connector_name", "trading_pair", "controller_id", "status", "created_at");
        foreach (var name in new[] { "executor_id", "executor_type", "connector_name", "trading_pair", "controller_id", "status", "created_at" })
        {
            AssertString(body.RootElement, name);
        }

        Assert.Equal("dca_executor", body.RootElement.GetProperty("executor_type").GetString());
        Assert.Equal("agent", body.RootElement.GetProperty("controller_id").GetString());
    }

    [Fact]
    public async Task StopExecutor_TheOriginalsConfirmation_ThenAlreadyClosed()
    {
        // Act: stop_executor("grid_live") sends {"keep_position": false}, with the writer's credentials; then the engine
        // closes it, and the client asks for a stop of a closed executor.
        using var stopped = await ClientSendAsync(HttpMethod.Post, "/executors/grid_live/stop", TestUsers.Writer, TestUsers.WriterPassword, """{"keep_position": false}""");
        using var closed = await ClientSendAsync(HttpMethod.Post, "/executors/position_done/stop", TestUsers.Writer, TestUsers.WriterPassword, """{"keep_position": true}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        using var body = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        AssertKeys(body.RootElement, "executor_id", "status", "keep_position");
        Assert.Equal("grid_live", body.RootElement.GetProperty("executor_id").GetString());
        Assert.Equal("stopping", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.False, body.RootElement.GetProperty("keep_position").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
        using var problem = JsonDocument.Parse(await closed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Executor position_done is already closed", problem.RootElement.GetProperty("detail").GetString());
    }

    private static void AssertDetail(JsonElement record)
    {
        AssertKeys(record, DetailFields);
        AssertString(record, "executor_id");
        AssertString(record, "status");
        foreach (var name in new[] { "executor_type", "account_name", "connector_name", "trading_pair", "side", "created_at", "close_type", "controller_id", "last_error" })
        {
            Assert.Contains(record.GetProperty(name).ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }

        foreach (var name in new[] { "is_active", "is_trading" })
        {
            Assert.Contains(record.GetProperty(name).ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }

        foreach (var name in new[] { "timestamp", "close_timestamp" })
        {
            Assert.Contains(record.GetProperty(name).ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        }

        foreach (var name in new[] { "net_pnl_quote", "net_pnl_pct", "cum_fees_quote", "filled_amount_quote" })
        {
            AssertNumber(record, name);
        }

        AssertInteger(record, "error_count");
        foreach (var name in new[] { "config", "custom_info" })
        {
            Assert.Contains(record.GetProperty(name).ValueKind, new[] { JsonValueKind.Object, JsonValueKind.Null });
        }
    }

    private static void AssertPosition(JsonElement position)
    {
        AssertKeys(position, PositionFields);
        foreach (var name in new[] { "trading_pair", "connector_name", "account_name", "controller_id" })
        {
            AssertString(position, name);
        }

        foreach (var name in new[] { "buy_amount_base", "buy_amount_quote", "sell_amount_base", "sell_amount_quote", "net_amount_base", "matched_amount_base", "unmatched_amount_base", "realized_pnl_quote", "cum_fees_quote" })
        {
            AssertNumber(position, name);
        }

        foreach (var name in new[] { "buy_breakeven_price", "sell_breakeven_price", "unrealized_pnl_quote" })
        {
            Assert.Contains(position.GetProperty(name).ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        }

        foreach (var name in new[] { "position_side", "last_updated" })
        {
            Assert.Contains(position.GetProperty(name).ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }

        AssertInteger(position, "executor_count");
        Assert.All(position.GetProperty("executor_ids").EnumerateArray(), id => Assert.Equal(JsonValueKind.String, id.ValueKind));
        Assert.Equal(position.GetProperty("executor_count").GetInt32(), position.GetProperty("executor_ids").GetArrayLength());
    }

    private static void AssertPagination(JsonElement pagination, int limit, bool hasMore, int total)
    {
        AssertKeys(pagination, "limit", "has_more", "next_cursor", "total_count");
        Assert.Equal(limit, pagination.GetProperty("limit").GetInt32());
        Assert.Equal(hasMore, pagination.GetProperty("has_more").GetBoolean());
        Assert.Equal(hasMore ? JsonValueKind.String : JsonValueKind.Null, pagination.GetProperty("next_cursor").ValueKind);
        Assert.Equal(total, pagination.GetProperty("total_count").GetInt32());
    }

    private static void AssertKeys(JsonElement element, params string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), element.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));

    private static void AssertString(JsonElement element, string name) => Assert.Equal(JsonValueKind.String, element.GetProperty(name).ValueKind);

    private static void AssertNumber(JsonElement element, string name) => Assert.Equal(JsonValueKind.Number, element.GetProperty(name).ValueKind);

    private static void AssertInteger(JsonElement element, string name) => Assert.True(element.GetProperty(name).TryGetInt32(out _), $"{name} is not an integer");

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static string?[] Ids(JsonDocument page) => [.. page.RootElement.GetProperty("data").EnumerateArray().Select(row => row.GetProperty("executor_id").GetString())];

    private async Task EngineAsync(HttpMethod method, string path, string body)
    {
        using var response = await ClientSendAsync(method, path, TestUsers.Writer, TestUsers.WriterPassword, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    private async Task<JsonDocument> ClientGetAsync(string pathAndQuery)
    {
        using var response = await ClientSendAsync(HttpMethod.Get, pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<JsonDocument> ClientPostAsync(string path, string json)
    {
        using var response = await ClientSendAsync(HttpMethod.Post, path, body: json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A request as aiohttp sends one for the client: its default headers, Basic on the session, json= bodies.</summary>
    private async Task<HttpResponseMessage> ClientSendAsync(HttpMethod method, string pathAndQuery, string user = TestUsers.Reader, string password = TestUsers.ReaderPassword, string? body = null)
    {
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate");
        request.Headers.TryAddWithoutValidation("User-Agent", "Python/3.12 aiohttp/3.9.5");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
