using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.LiveUpdates;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// <c>/ws/executors</c> message by message on the standard host and a real PostgreSQL: the writes go through the REST
/// routes, the pushes come from the real change feed (NOTIFY → listener), and every data message is compared byte for
/// byte with the REST answer for the same thing.
/// </summary>
public sealed class ExecutorsWebSocketTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Id = "LiveExecutor_1";

    [Fact]
    public async Task Connect_WithHeader_ConnectedComesFirst()
    {
        // Act
        await using var socket = await LiveSocket.ReaderAsync(Api);
        var connected = await socket.ReceiveAsync();

        // Assert
        Assert.Equal("connected", connected.GetProperty("type").GetString());
        Assert.Equal(12, connected.GetProperty("connection_id").GetString()!.Length);
        var timestamp = connected.GetProperty("timestamp").GetDouble();
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Ping_AnswersPong()
    {
        // Arrange
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        await socket.SendAsync(new { action = "ping" });

        // Assert
        var pong = await socket.ExpectAsync("pong");
        Assert.Equal(JsonValueKind.Number, pong.GetProperty("timestamp").ValueKind);
    }

    [Fact]
    public async Task Subscribe_ExecutorDetail_SubscribedThenTheRestRecord()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State());
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (subscribed, data) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id });

        // Assert
        Assert.Equal($"executor_detail_{Id}", subscribed.GetProperty("subscription_id").GetString());
        Assert.Equal("executor_detail", subscribed.GetProperty("subscription_type").GetString());
        Assert.Equal(2.0, subscribed.GetProperty("update_interval").GetDouble());
        Assert.Equal(await LiveWrites.GetAsync(Api, $"/executors/{Id}"), data.GetProperty("data").GetRawText());
        Assert.Equal(JsonValueKind.Number, data.GetProperty("timestamp").ValueKind);
    }

    [Fact]
    public async Task Subscribe_Executors_SingularFiltersAndTheSearchRecords()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveA", LiveWrites.State());
        await LiveWrites.PutAsync(Api, "LiveB", LiveWrites.State(controller: "other_ctrl"));
        await LiveWrites.PutAsync(Api, "LiveC", LiveWrites.State("TERMINATED", closeType: "EARLY_STOP"));
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (subscribed, data) = await socket.SubscribeAsync(new
        {
            action = "subscribe",
            type = "executors",
            filters = new { status = "RUNNING", controller_id = "grid_ctrl", connector_name = "binance" },
        });

        // Assert
        Assert.Matches("^executors_[0-9a-f]{8}$", subscribed.GetProperty("subscription_id").GetString());
        var rest = await LiveWrites.SearchAsync(Api, new JsonObject
        {
            ["status"] = "RUNNING",
            ["controller_ids"] = new JsonArray("grid_ctrl"),
            ["connector_names"] = new JsonArray("binance"),
            ["limit"] = 1000,
        });
        Assert.Equal(LiveWrites.Property(rest, "data"), data.GetProperty("data").GetRawText());
        Assert.Equal(["LiveA"], data.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("executor_id").GetString()));
        Assert.Equal(1, data.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Subscribe_ExecutorsWithSameFilters_SameIdWhateverTheKeyOrder()
    {
        // Arrange
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (first, _) = await socket.SubscribeAsync(new { action = "subscribe", type = "executors", filters = new { status = "RUNNING", trading_pair = "BTC-USDT" } });
        var (second, _) = await socket.SubscribeAsync(new { action = "subscribe", type = "executors", filters = new { trading_pair = "BTC-USDT", status = "RUNNING" } });
        var (other, _) = await socket.SubscribeAsync(new { action = "subscribe", type = "executors" });

        // Assert
        Assert.Equal(first.GetProperty("subscription_id").GetString(), second.GetProperty("subscription_id").GetString());
        Assert.NotEqual(first.GetProperty("subscription_id").GetString(), other.GetProperty("subscription_id").GetString());
    }

    [Fact]
    public async Task Subscribe_ExecutorSummary_TheRestSummary()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveA", LiveWrites.State());
        await LiveWrites.PutAsync(Api, "LiveB", LiveWrites.State("TERMINATED", closeType: "EARLY_STOP"));
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (subscribed, data) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_summary", update_interval = 5 });

        // Assert
        Assert.Equal("executor_summary", subscribed.GetProperty("subscription_id").GetString());
        Assert.Equal(5.0, subscribed.GetProperty("update_interval").GetDouble());
        Assert.Equal(await LiveWrites.GetAsync(Api, "/executors/summary"), data.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Subscribe_Performance_OfOneControllerOrAll()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveA", LiveWrites.State("TERMINATED", pnl: 3m, closeType: "TAKE_PROFIT"));
        await LiveWrites.PutAsync(Api, "LiveB", LiveWrites.State(pnl: -1m, controller: "other_ctrl"));
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (one, oneData) = await socket.SubscribeAsync(new { action = "subscribe", type = "performance", controller_id = "grid_ctrl" });
        var (all, allData) = await socket.SubscribeAsync(new { action = "subscribe", type = "performance" });

        // Assert
        Assert.Equal("performance_grid_ctrl", one.GetProperty("subscription_id").GetString());
        Assert.Equal("performance_all", all.GetProperty("subscription_id").GetString());
        Assert.Equal(await LiveWrites.GetAsync(Api, "/executors/performance?controller_id=grid_ctrl"), oneData.GetProperty("data").GetRawText());
        Assert.Equal(await LiveWrites.GetAsync(Api, "/executors/performance"), allData.GetProperty("data").GetRawText());
        Assert.NotEqual(oneData.GetProperty("data").GetRawText(), allData.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Subscribe_Positions_TheRestPositionsSummary()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveHeld", LiveWrites.State());
        await LiveWrites.PutAsync(Api, "LiveHeld", LiveWrites.HeldPosition());
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (subscribed, data) = await socket.SubscribeAsync(new { action = "subscribe", type = "positions" });

        // Assert
        Assert.Equal("positions_all", subscribed.GetProperty("subscription_id").GetString());
        var rest = await LiveWrites.GetAsync(Api, "/executors/positions/summary");
        Assert.Equal(rest, data.GetProperty("data").GetRawText());
        Assert.Contains("LiveHeld", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ExecutorLogs_TheLastEntriesThenOnlyNewOnes()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State());
        await LiveWrites.AppendLogsAsync(Api, Id, "one", "two", "three");
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (subscribed, first) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_logs", executor_id = Id, limit = 2, update_interval = 0.5 });
        await LiveWrites.AppendLogsAsync(Api, Id, "four", "five");
        var next = await socket.ExpectAsync("executor_logs");

        // Assert: the first message is the REST answer's entries; the next holds only the two new ones.
        Assert.Equal($"executor_logs_{Id}", subscribed.GetProperty("subscription_id").GetString());
        Assert.Equal(["two", "three"], Messages(first));
        Assert.Equal(3, first.GetProperty("total_count").GetInt32());
        Assert.Equal(["four", "five"], Messages(next));
        Assert.Equal(5, next.GetProperty("total_count").GetInt32());
        var rest = await LiveWrites.GetAsync(Api, $"/executors/{Id}/logs?limit=2");
        Assert.Equal(LiveWrites.Property(rest, "logs"), next.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Subscribe_ExecutorLogs_DefaultLimitIs100()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State());
        await LiveWrites.AppendLogsAsync(Api, Id, [.. Enumerable.Range(0, 60).Select(i => $"entry {i}")]);
        await LiveWrites.AppendLogsAsync(Api, Id, [.. Enumerable.Range(60, 60).Select(i => $"entry {i}")]);
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (_, data) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_logs", executor_id = Id });

        // Assert
        var rest = await LiveWrites.GetAsync(Api, $"/executors/{Id}/logs?limit=100");
        Assert.Equal(LiveWrites.Property(rest, "logs"), data.GetProperty("data").GetRawText());
        Assert.Equal(100, data.GetProperty("data").GetArrayLength());
        Assert.Equal(120, data.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Put_AfterSubscribe_IsPushedAtOnceEvenWithTheLongestInterval()
    {
        // Arrange: a 60 s interval: a poller would show the change a minute later at best.
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 1m));
        await using var socket = await LiveSocket.OpenAsync(Api);
        var (subscribed, _) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id, update_interval = 60 });
        Assert.Equal(60.0, subscribed.GetProperty("update_interval").GetDouble());

        // Act
        var clock = Stopwatch.StartNew();
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 7m));
        var pushed = await socket.ExpectAsync("executor_detail", TimeSpan.FromSeconds(20));

        // Assert
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(7m, pushed.GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(await LiveWrites.GetAsync(Api, $"/executors/{Id}"), pushed.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Put_SecondChangeWithinTheInterval_WaitsForIt()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 1m));
        await using var socket = await LiveSocket.OpenAsync(Api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id, update_interval = 60 });
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 2m));
        await socket.ExpectAsync("executor_detail");

        // Act: a second change inside the minute.
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 3m));

        // Assert: the update_interval is the most often it is sent.
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Burst_OfWrites_CoalescedIntoFewerMessages_LastEqualsTheDatabase()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 0m));
        await using var socket = await LiveSocket.OpenAsync(Api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id, update_interval = 1 });

        // Act: 30 writes as fast as they go.
        const int Writes = 30;
        for (var i = 1; i <= Writes; i++)
        {
            await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: i));
        }

        var received = new List<JsonElement>();
        while (received.Count == 0 || received[^1].GetProperty("data").GetProperty("net_pnl_quote").GetDecimal() != Writes)
        {
            received.Add(await socket.ExpectAsync("executor_detail"));
        }

        // Assert
        Assert.True(received.Count < Writes / 2, $"{received.Count} messages for {Writes} writes");
        Assert.Equal(await LiveWrites.GetAsync(Api, $"/executors/{Id}"), received[^1].GetProperty("data").GetRawText());
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Change_ThatLeavesThePayloadAsItWas_IsNotSentAgain()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 1m));
        await using var socket = await LiveSocket.OpenAsync(Api);
        var (_, first) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_summary", update_interval = 0.5 });

        // Act: custom_info is not in the summary: the summary is read again, and is the same.
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 1m, customInfo: new JsonObject { ["levels_filled"] = 9 }));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 5m));
        var next = await socket.ExpectAsync("executor_summary");

        // Assert: the next message is the real change.
        Assert.NotEqual(first.GetProperty("data").GetRawText(), next.GetProperty("data").GetRawText());
        Assert.Equal(await LiveWrites.GetAsync(Api, "/executors/summary"), next.GetProperty("data").GetRawText());
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Positions_PushedWhenAHoldIsMade()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveHeld", LiveWrites.State());
        await using var socket = await LiveSocket.OpenAsync(Api);
        var (_, first) = await socket.SubscribeAsync(new { action = "subscribe", type = "positions" });

        // Act
        await LiveWrites.PutAsync(Api, "LiveHeld", LiveWrites.HeldPosition());
        var pushed = await socket.ExpectAsync("positions");

        // Assert
        Assert.Equal(0, first.GetProperty("data").GetProperty("positions").GetArrayLength());
        Assert.Equal(await LiveWrites.GetAsync(Api, "/executors/positions/summary"), pushed.GetProperty("data").GetRawText());
        Assert.Equal(1, pushed.GetProperty("data").GetProperty("positions").GetArrayLength());
    }

    [Fact]
    public async Task Executors_NewMatchingExecutor_IsPushed()
    {
        // Arrange
        await using var socket = await LiveSocket.OpenAsync(Api);
        var (_, first) = await socket.SubscribeAsync(new { action = "subscribe", type = "executors", filters = new { status = "RUNNING" }, update_interval = 0.5 });

        // Act
        await LiveWrites.PutAsync(Api, "LiveNew", LiveWrites.State());
        var pushed = await socket.ExpectAsync("executors");

        // Assert
        Assert.Equal(0, first.GetProperty("total_count").GetInt32());
        Assert.Equal(1, pushed.GetProperty("total_count").GetInt32());
        var rest = await LiveWrites.SearchAsync(Api, new JsonObject { ["status"] = "RUNNING", ["limit"] = 1000 });
        Assert.Equal(LiveWrites.Property(rest, "data"), pushed.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task AccountScope_OtherAccountsExecutors_NeitherShownNorPushed()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveAlice", LiveWrites.State(account: "alice_main"));
        await LiveWrites.PutAsync(Api, "LiveMaster", LiveWrites.State());
        await using var alice = await LiveSocket.OpenAsync(Api, TestUsers.Alice, TestUsers.AlicePassword);
        var (_, first) = await alice.SubscribeAsync(new { action = "subscribe", type = "executors", update_interval = 0.5 });

        // Act: a write alice may not see.
        await LiveWrites.PutAsync(Api, "LiveMaster", LiveWrites.State(pnl: 42m));

        // Assert
        Assert.Equal(["LiveAlice"], first.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("executor_id").GetString()));
        await alice.ExpectSilenceAsync(TimeSpan.FromSeconds(1.5));

        // ...and one she may see is pushed.
        await LiveWrites.PutAsync(Api, "LiveAlice", LiveWrites.State(pnl: 42m, account: "alice_main"));
        var pushed = await alice.ExpectAsync("executors");
        Assert.Equal(42m, pushed.GetProperty("data")[0].GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task ExecutorDetail_OtherAccountsExecutor_NotFound()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, "LiveMaster", LiveWrites.State());
        await using var alice = await LiveSocket.OpenAsync(Api, TestUsers.Alice, TestUsers.AlicePassword);

        // Act
        await alice.SendAsync(new { action = "subscribe", type = "executor_detail", executor_id = "LiveMaster" });

        // Assert: the same answer as for an executor that does not exist.
        Assert.Equal("Executor LiveMaster not found", await alice.ExpectErrorAsync());
        await alice.SendAsync(new { action = "subscribe", type = "executor_logs", executor_id = "LiveMaster" });
        Assert.Equal("Executor LiveMaster not found", await alice.ExpectErrorAsync());
    }

    [Fact]
    public async Task UnknownExecutor_Error()
    {
        // Arrange
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        await socket.SendAsync(new { action = "subscribe", type = "executor_detail", executor_id = "NoSuchExecutor" });

        // Assert
        Assert.Equal("Executor NoSuchExecutor not found", await socket.ExpectErrorAsync());
        await socket.SendAsync(new { action = "subscribe", type = "executor_logs", executor_id = "NoSuchExecutor" });
        Assert.Equal("Executor NoSuchExecutor not found", await socket.ExpectErrorAsync());
    }

    [Theory]
    [InlineData("""{"action": "dance"}""", "Unknown action: dance. Valid actions: subscribe, unsubscribe, ping")]
    [InlineData("""{"type": "executors"}""", "Unknown action: null. Valid actions: subscribe, unsubscribe, ping")]
    [InlineData("""{"action": "subscribe", "type": "bot_status"}""", "Unknown subscription type: bot_status. Valid types: ['executor_detail', 'executor_logs', 'executor_summary', 'executors', 'performance', 'positions']")]
    [InlineData("""{"action": "subscribe", "type": "executor_detail"}""", "executor_detail requires 'executor_id' (a string).")]
    [InlineData("""{"action": "subscribe", "type": "executor_logs", "executor_id": 5}""", "executor_logs requires 'executor_id' (a string).")]
    [InlineData("""{"action": "subscribe", "type": "executors", "filters": {"status": "RUNNING", "statuses": "x"}}""", "Unknown filter: statuses. Valid filters: account_name, connector_name, trading_pair, executor_type, status, controller_id")]
    [InlineData("""{"action": "subscribe", "type": "executors", "filters": {"status": ["RUNNING"]}}""", "filters.status must be a string.")]
    [InlineData("""{"action": "subscribe", "type": "executors", "filters": {"status": "WALKING"}}""", "filters.status must be one of: NOT_STARTED, RUNNING, SHUTTING_DOWN, TERMINATED.")]
    [InlineData("""{"action": "subscribe", "type": "executor_summary", "update_interval": "fast"}""", "update_interval must be a number of seconds (0.5 to 60).")]
    [InlineData("""{"action": "subscribe", "type": "performance", "controller_id": 3}""", "controller_id must be a string.")]
    [InlineData("""{"action": "subscribe", "type": "executor_logs", "executor_id": "LiveExecutor_1", "limit": 0}""", "limit must be between 1 and 1000.")]
    [InlineData("""{"action": "subscribe", "type": "executor_logs", "executor_id": "LiveExecutor_1", "level": "LOUD"}""", "level must be one of: DEBUG, INFO, WARNING, ERROR (in any case).")]
    [InlineData("""{"action": "unsubscribe"}""", "unsubscribe requires 'subscription_id' (a string).")]
    [InlineData("""{"action": "unsubscribe", "subscription_id": "executor_summary"}""", "No subscription found: executor_summary")]
    [InlineData("""[1, 2]""", "Invalid message: a JSON object is expected, such as {\"action\": \"ping\"}.")]
    [InlineData("""not json {""", "Invalid message: not JSON. Send a JSON object such as {\"action\": \"ping\"}.")]
    public async Task BadMessage_ErrorAndTheConnectionStaysOpen(string message, string error)
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State());
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        await socket.SendTextAsync(message);

        // Assert
        Assert.Equal(error, await socket.ExpectErrorAsync());
        await socket.SendAsync(new { action = "ping" });
        await socket.ExpectAsync("pong");
    }

    [Theory]
    [InlineData(0.1, 0.5)]
    [InlineData(100, 60.0)]
    [InlineData(1.25, 1.25)]
    public async Task UpdateInterval_ClampedToHalfASecondAndAMinute(double asked, double granted)
    {
        // Arrange
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act
        var (subscribed, _) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_summary", update_interval = asked });

        // Assert
        Assert.Equal(granted, subscribed.GetProperty("update_interval").GetDouble());
    }

    [Fact]
    public async Task Unsubscribe_Answered_AndNothingMoreIsSent()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State());
        await using var socket = await LiveSocket.OpenAsync(Api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id, update_interval = 0.5 });

        // Act
        await socket.SendAsync(new { action = "unsubscribe", subscription_id = $"executor_detail_{Id}" });
        var unsubscribed = await socket.ExpectAsync("unsubscribed");
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 9m));

        // Assert
        Assert.Equal($"executor_detail_{Id}", unsubscribed.GetProperty("subscription_id").GetString());
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(1.5));
        await socket.SendAsync(new { action = "unsubscribe", subscription_id = $"executor_detail_{Id}" });
        Assert.Equal($"No subscription found: executor_detail_{Id}", await socket.ExpectErrorAsync());
    }

    [Fact]
    public async Task Resubscribe_SameId_ReplacesTheSubscription()
    {
        // Arrange
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State());
        await using var socket = await LiveSocket.OpenAsync(Api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id, update_interval = 0.5 });
        var (again, _) = await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = Id, update_interval = 0.5 });

        // Act
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 9m));

        // Assert: one subscription, one message.
        Assert.Equal($"executor_detail_{Id}", again.GetProperty("subscription_id").GetString());
        await socket.ExpectAsync("executor_detail");
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task ManySubscribersOfOneQuery_ShareTheirReads()
    {
        // Arrange: ten connections on the same summary.
        await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 1m));
        var sockets = new List<LiveSocket>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var socket = await LiveSocket.OpenAsync(Api);
                sockets.Add(socket);
                await socket.SubscribeAsync(new { action = "subscribe", type = "executor_summary", update_interval = 0.5 });
            }

            // Whatever the first write's notification caused is over before counting.
            await sockets[0].ExpectSilenceAsync(TimeSpan.FromSeconds(1));
            var reads = Api.Services.GetRequiredService<LiveReads>();
            var before = reads.ReadCount;

            // Act
            await LiveWrites.PutAsync(Api, Id, LiveWrites.State(pnl: 2m));
            var pushed = await Task.WhenAll(sockets.Select(socket => socket.ExpectAsync("executor_summary")));

            // Assert: every subscriber got the change; far fewer reads than subscribers.
            var rest = await LiveWrites.GetAsync(Api, "/executors/summary");
            Assert.All(pushed, message => Assert.Equal(rest, message.GetProperty("data").GetRawText()));
            Assert.InRange(reads.ReadCount - before, 1, 3);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Authentication_BadPassword_ErrorThenClose4001()
    {
        // Act
        await using var socket = await LiveSocket.ConnectAsync(Api, TestUsers.Reader, "wrong-password");

        // Assert
        Assert.Equal("Authentication failed", await socket.ExpectErrorAsync());
        Assert.Equal((WebSocketCloseStatus)4001, await socket.ExpectCloseAsync());
    }

    [Fact]
    public async Task Authentication_None_ErrorThenClose4001()
    {
        // Act
        await using var socket = await LiveSocket.ConnectAsync(Api, user: null);

        // Assert
        Assert.Equal("Authentication failed", await socket.ExpectErrorAsync());
        Assert.Equal((WebSocketCloseStatus)4001, await socket.ExpectCloseAsync());
    }

    [Theory]
    [InlineData("token")]
    [InlineData("userpass")]
    public async Task Authentication_QueryCredentialsOnly_Refused4001(string form)
    {
        // Arrange: valid credentials, in the query string as the original accepted them.
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestUsers.Reader}:{TestUsers.ReaderPassword}"));
        var query = form == "token"
            ? $"?token={Uri.EscapeDataString(token)}"
            : $"?username={TestUsers.Reader}&password={TestUsers.ReaderPassword}";

        // Act
        await using var socket = await LiveSocket.ConnectAsync(Api, user: null, query: query);

        // Assert
        var error = await socket.ExpectErrorAsync();
        Assert.Contains("credentials in the query string are not accepted; send an Authorization header or a ticket", error, StringComparison.Ordinal);
        Assert.Equal((WebSocketCloseStatus)4001, await socket.ExpectCloseAsync());
    }

    [Fact]
    public async Task Authentication_HeaderAndToken_AcceptedTheTokenIgnored()
    {
        // Arrange: what hummingbot-api-client sends; here the token is even wrong, and does not matter.
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("nobody:nothing"));

        // Act
        await using var socket = await LiveSocket.ConnectAsync(Api, TestUsers.Reader, TestUsers.ReaderPassword, $"?token={Uri.EscapeDataString(token)}");

        // Assert
        await socket.ExpectAsync("connected");
    }

    [Fact]
    public async Task PlainGet_WithoutUpgrade_400SayingAnUpgradeIsNeeded()
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync("/ws/executors", TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.Contains("WebSocket upgrade is required", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_405AllowingGet()
    {
        // Act
        using var response = await Api.CreateReaderClient().PostAsync("/ws/executors", null, TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 405);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    private static string?[] Messages(JsonElement message) =>
        [.. message.GetProperty("data").EnumerateArray().Select(entry => entry.GetProperty("message").GetString())];
}
