using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Api.Tests.LiveUpdates;
using Executors.Application.LiveUpdates;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Compatibility;

/// <summary>
/// hummingbot-api-client's <c>ws.executors()</c> (hummingbot_api_client/ws.py) on the wire as it speaks: the session's
/// Basic header AND <c>?token=base64(user:pass)</c> in the URL, <c>connected</c> read first, and after each subscribe,
/// unsubscribe or ping the very next message read as the answer — with the subscription message of each of its six
/// methods exactly as it builds it (only the keys it sends). Also the browser rule: another site's page may not open it.
/// </summary>
public sealed class HummingbotWebSocketWireTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task TheClientsConversation_EveryMethod_AnsweredByTheNextMessage()
    {
        // Arrange: an executor with a log line, reported as an engine would.
        await LiveRequests.PutAsync(Api, "hb_ws_1", "RUNNING", 3m);
        await LiveWrites.AppendLogsAsync(Api, "hb_ws_1", "placed");

        await Api.Services.GetRequiredService<IExecutorChangeFeed>().WaitUntilListeningAsync(TestContext.Current.CancellationToken);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestUsers.Reader}:{TestUsers.ReaderPassword}"));

        // Act: _connect_ws, then each subscribe_* as the client sends it.
        await using var socket = await LiveSocket.ConnectAsync(Api, TestUsers.Reader, TestUsers.ReaderPassword, query: $"?token={Uri.EscapeDataString(token)}");
        var connected = await socket.ReceiveAsync();
        var answers = new List<(string Sent, JsonElement Answer)>();
        foreach (var message in new object[]
        {
            new { action = "subscribe", type = "executors", update_interval = 2.0, filters = new { status = "RUNNING", connector_name = "binance" } },
            new { action = "subscribe", type = "executor_detail", executor_id = "hb_ws_1", update_interval = 2.0 },
            new { action = "subscribe", type = "executor_summary", update_interval = 2.0 },
            new { action = "subscribe", type = "performance", update_interval = 2.0, controller_id = "main" },
            new { action = "subscribe", type = "positions", update_interval = 2.0 },
            new { action = "subscribe", type = "executor_logs", executor_id = "hb_ws_1", update_interval = 2.0, level = "INFO", limit = 50 },
        })
        {
            await socket.SendAsync(message);
            answers.Add((JsonSerializer.Serialize(message), await socket.ReceiveAsync()));
            await socket.ReceiveAsync(); // the snapshot that follows, which an `async for msg in ws` loop reads
        }

        await socket.SendAsync(new { action = "ping" });
        var pong = await socket.ReceiveAsync();
        await socket.SendAsync(new { action = "unsubscribe", subscription_id = "executor_summary" });
        var unsubscribed = await socket.ReceiveAsync();

        // Assert: what the client reads — the connection id, then a subscription id from each answer.
        Assert.Equal("connected", connected.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(connected.GetProperty("connection_id").GetString()));
        Assert.All(answers, item => Assert.True(item.Answer.GetProperty("type").GetString() == "subscribed", $"{item.Sent} → {item.Answer}"));
        Assert.Equal(
            ["executor_detail_hb_ws_1", "executor_summary", "performance_main", "positions_all", "executor_logs_hb_ws_1"],
            answers.Skip(1).Select(item => item.Answer.GetProperty("subscription_id").GetString()));
        Assert.StartsWith("executors_", answers[0].Answer.GetProperty("subscription_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(("unsubscribed", "executor_summary"), (unsubscribed.GetProperty("type").GetString(), unsubscribed.GetProperty("subscription_id").GetString()));
    }

    [Fact]
    public async Task AnotherSitesPage_MayNotOpenIt_WithTheBrowsersCredentials()
    {
        // Act: a browser on another site sends the cached Basic credentials and its own Origin.
        var refused = await Record.ExceptionAsync(() => LiveSocket.ConnectAsync(Api, TestUsers.Reader, TestUsers.ReaderPassword, origin: "https://evil.example"));
        await using var sameHost = await LiveSocket.ConnectAsync(Api, TestUsers.Reader, TestUsers.ReaderPassword, origin: Api.Server.BaseAddress.GetLeftPart(UriPartial.Authority));

        // Assert: no upgrade for the other site; this host's own pages are answered.
        Assert.NotNull(refused);
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        Assert.Equal("connected", (await sameHost.ReceiveAsync()).GetProperty("type").GetString());
    }
}
