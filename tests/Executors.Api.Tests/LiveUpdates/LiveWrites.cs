using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>Writes and REST reads of the live-update tests, through the API's own routes.</summary>
internal static class LiveWrites
{
    public static JsonObject State(
        string status = "RUNNING",
        decimal pnl = 1.5m,
        string account = "master_account",
        string controller = "grid_ctrl",
        string? closeType = null,
        JsonObject? customInfo = null) => new()
    {
        ["executor_type"] = "position_executor",
        ["account_name"] = account,
        ["connector_name"] = "binance",
        ["trading_pair"] = "BTC-USDT",
        ["status"] = status,
        ["is_trading"] = status == "RUNNING",
        ["net_pnl_quote"] = pnl,
        ["net_pnl_pct"] = 0.15m,
        ["cum_fees_quote"] = 0.25m,
        ["filled_amount_quote"] = 1000m,
        ["side"] = "BUY",
        ["timestamp"] = 1705315800.5m,
        ["created_at"] = "2024-01-15T10:30:00Z",
        ["close_type"] = closeType,
        ["close_timestamp"] = status == "TERMINATED" ? 1705320000m : null,
        ["controller_id"] = controller,
        ["custom_info"] = customInfo ?? new JsonObject { ["levels_filled"] = 2 },
    };

    /// <summary>A terminal report that leaves a position hold (bought 1 BTC for 100).</summary>
    public static JsonObject HeldPosition(string account = "master_account")
    {
        var state = State("TERMINATED", pnl: 0m, account: account, closeType: "POSITION_HOLD", customInfo: new JsonObject
        {
            ["held_position_orders"] = new JsonArray(new JsonObject
            {
                ["trade_type"] = "BUY",
                ["executed_amount_base"] = "1",
                ["executed_amount_quote"] = 100m,
            }),
        });
        return state;
    }

    public static async Task PutAsync(ApiFactory api, string id, JsonObject state, string user = TestUsers.Writer, string password = TestUsers.WriterPassword)
    {
        using var client = Client(api, user, password);
        using var response = await client.PutAsync(
            $"/executors/{id}",
            new StringContent(state.ToJsonString(), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    public static async Task AppendLogsAsync(ApiFactory api, string id, params string[] messages)
    {
        using var client = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
        var entries = new JsonArray([.. messages.Select((message, i) => (JsonNode)new JsonObject
        {
            ["timestamp"] = DateTimeOffset.UtcNow.AddMilliseconds(i).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["level"] = "INFO",
            ["message"] = message,
        })]);
        using var response = await client.PostAsync(
            $"/executors/{id}/logs",
            new StringContent(new JsonObject { ["entries"] = entries }.ToJsonString(), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST logs: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>The REST answer's body, as sent.</summary>
    public static async Task<string> GetAsync(ApiFactory api, string path, string user = TestUsers.Reader, string password = TestUsers.ReaderPassword)
    {
        using var client = Client(api, user, password);
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    public static async Task<string> SearchAsync(ApiFactory api, JsonObject query, string user = TestUsers.Reader, string password = TestUsers.ReaderPassword)
    {
        using var client = Client(api, user, password);
        using var response = await client.PostAsync(
            "/executors/search",
            new StringContent(query.ToJsonString(), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"search: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The raw JSON text of one property of a body (a slice of the bytes sent, so comparisons are byte for byte).</summary>
    public static string Property(string body, string name)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty(name).GetRawText();
    }

    private static HttpClient Client(ApiFactory api, string user, string password)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }
}
