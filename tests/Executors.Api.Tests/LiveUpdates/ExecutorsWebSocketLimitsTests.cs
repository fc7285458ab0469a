using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// <c>/ws/executors</c> under settings of its own (LiveUpdates:…): heartbeat, the per-user connection limit, the
/// subscription limit, a subscriber too slow for its send queue, credentials kept out of the logs, and a push crossing
/// two API processes on one database. Each test builds its host on this class's database.
/// </summary>
public sealed class ExecutorsWebSocketLimitsTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Heartbeat_SentEveryInterval()
    {
        // Arrange
        await using var api = Host(new() { ["LiveUpdates:HeartbeatInterval"] = "00:00:00.200" });
        await using var socket = await LiveSocket.OpenAsync(api);

        // Act
        var first = await socket.ExpectAsync("heartbeat", TimeSpan.FromSeconds(5));
        var second = await socket.ExpectAsync("heartbeat", TimeSpan.FromSeconds(5));

        // Assert
        Assert.True(second.GetProperty("timestamp").GetDouble() > first.GetProperty("timestamp").GetDouble());
    }

    [Fact]
    public async Task Heartbeat_DefaultIsThirtySeconds_NoneSoon()
    {
        // Arrange
        await using var socket = await LiveSocket.OpenAsync(Api);

        // Act / Assert
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ConnectionLimit_OneMoreThanAllowed_Error4029_AndAFreedPlaceIsUsable()
    {
        // Arrange
        await using var api = Host(new() { ["LiveUpdates:MaxConnectionsPerUser"] = "2" });
        var first = await LiveSocket.OpenAsync(api);
        await using var second = await LiveSocket.OpenAsync(api);
        await using var otherUser = await LiveSocket.OpenAsync(api, TestUsers.Writer, TestUsers.WriterPassword);

        // Act
        await using var third = await LiveSocket.ConnectAsync(api, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Contains("Too many live connections", await third.ExpectErrorAsync(), StringComparison.Ordinal);
        Assert.Equal((WebSocketCloseStatus)4029, await third.ExpectCloseAsync());

        // ...and once one closes, its place is free again.
        await first.DisposeAsync();
        var limiter = api.Services.GetRequiredService<Executors.Api.LiveUpdates.LiveConnectionLimiter>();
        for (var i = 0; i < 100 && limiter.OpenConnections(TestUsers.Reader) > 1; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await using var again = await LiveSocket.OpenAsync(api);
    }

    [Fact]
    public async Task ConnectionLimit_ConcurrentConnects_NeverMoreThanTheLimit()
    {
        // Arrange
        await using var api = Host(new() { ["LiveUpdates:MaxConnectionsPerUser"] = "3" });
        await api.Services.GetRequiredService<Executors.Application.LiveUpdates.IExecutorChangeFeed>().WaitUntilListeningAsync(TestContext.Current.CancellationToken);

        // Act: ten at once.
        var sockets = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => LiveSocket.ReaderAsync(api)));
        try
        {
            var first = await Task.WhenAll(sockets.Select(socket => socket.ReceiveAsync()));

            // Assert
            Assert.Equal(3, first.Count(message => message.GetProperty("type").GetString() == "connected"));
            Assert.Equal(7, first.Count(message => message.GetProperty("type").GetString() == "error"));
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
    public async Task SubscriptionLimit_OneMore_ErrorButTheConnectionStays()
    {
        // Arrange
        await using var api = Host(new() { ["LiveUpdates:MaxSubscriptionsPerConnection"] = "2" });
        await using var socket = await LiveSocket.OpenAsync(api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_summary" });
        await socket.SubscribeAsync(new { action = "subscribe", type = "performance" });

        // Act
        await socket.SendAsync(new { action = "subscribe", type = "positions" });

        // Assert
        Assert.Contains("Subscription limit reached: at most 2", await socket.ExpectErrorAsync(), StringComparison.Ordinal);

        // Replacing one of its own is no new subscription; after an unsubscribe there is room again.
        await socket.SubscribeAsync(new { action = "subscribe", type = "performance" });
        await socket.SendAsync(new { action = "unsubscribe", subscription_id = "performance_all" });
        await socket.ExpectAsync("unsubscribed");
        await socket.SubscribeAsync(new { action = "subscribe", type = "positions" });
    }

    [Fact]
    public async Task UserWithoutReaderRole_Error4003()
    {
        // Arrange: a user with the writer role alone.
        await using var api = Host(new()
        {
            ["Authentication:Users:4:UserName"] = "engine_only",
            ["Authentication:Users:4:PasswordHash"] = PasswordHash.Create("engine-password", TestUsers.Iterations),
            ["Authentication:Users:4:Roles:0"] = "writer",
            ["Authentication:Users:4:Accounts:0"] = "*",
        });

        // Act
        await using var socket = await LiveSocket.ConnectAsync(api, "engine_only", "engine-password");

        // Assert
        Assert.Contains("lacks the 'reader' role", await socket.ExpectErrorAsync(), StringComparison.Ordinal);
        Assert.Equal((WebSocketCloseStatus)4003, await socket.ExpectCloseAsync());
    }

    [Fact]
    public async Task SlowSubscriber_NeverReading_Closed4008_NotBufferedWithoutBound()
    {
        // Arrange: real Kestrel (its sockets push back when the client does not read), a tiny send queue, a client
        // socket with a small receive buffer, and executors of about 60 KB each (custom_info's limit is 64 KB).
        var sink = new CollectingLogSink();
        await using var api = Host(
            new()
            {
                ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
                ["LiveUpdates:SendQueueCapacity"] = "2",
                ["LiveUpdates:SendTimeout"] = "00:01:00",
            },
            services => services.AddSingleton<ILogEventSink>(sink));
        api.UseKestrel();
        api.StartServer();
        var address = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var blob = new string('x', 60 * 1024);
        const int Executors = 40;
        for (var i = 0; i < Executors; i++)
        {
            await LiveWrites.PutAsync(api, $"Big{i}", LiveWrites.State(customInfo: new JsonObject { ["notes"] = blob }));
        }

        using var client = await SlowClientAsync(address);

        // Act: subscribe to all of them, then keep changing them, without ever reading a message.
        for (var i = 0; i < Executors; i++)
        {
            var subscribe = JsonSerializer.SerializeToUtf8Bytes(new { action = "subscribe", type = "executor_detail", executor_id = $"Big{i}", update_interval = 0.5 });
            await client.SendAsync(subscribe, WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);
        }

        for (var round = 0; round < 20 && !TooSlowLogged(sink); round++)
        {
            for (var i = 0; i < Executors; i++)
            {
                await LiveWrites.PutAsync(api, $"Big{i}", LiveWrites.State(pnl: round, customInfo: new JsonObject { ["notes"] = blob }));
            }

            await Task.Delay(600, TestContext.Current.CancellationToken);
        }

        // Assert: the server gave up on it; once the client reads, it finds what was already in flight, then 4008.
        Assert.True(TooSlowLogged(sink), "The slow subscriber was never closed.");
        var buffer = new byte[256 * 1024];
        WebSocketReceiveResult result;
        var messages = 0;
        do
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            result = await client.ReceiveAsync(buffer, timeout.Token);
            messages += result.EndOfMessage ? 1 : 0;
        }
        while (result.MessageType != WebSocketMessageType.Close);

        Assert.Equal((WebSocketCloseStatus)4008, result.CloseStatus);
        Assert.Equal("Subscriber too slow", result.CloseStatusDescription);
        Assert.True(messages < 2 * Executors, $"{messages} messages reached a client that never read");
    }

    [Fact]
    public async Task QueryCredentials_NeverInTheLogs()
    {
        // Arrange: the host logs each request's start, with its query string.
        var sink = new CollectingLogSink();
        await using var api = Host(
            new() { ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Hosting"] = "Information" },
            services => services.AddSingleton<ILogEventSink>(sink));
        const string Secret = "s3cret-Pa55word";
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestUsers.Reader}:{Secret}"));

        // Act: the query-only form (refused) and the header-plus-token form (accepted).
        await using (var refused = await LiveSocket.ConnectAsync(api, user: null, query: $"?token={Uri.EscapeDataString(token)}&password={Secret}"))
        {
            await refused.ExpectErrorAsync();
            await refused.ExpectCloseAsync();
        }

        await using (var accepted = await LiveSocket.ConnectAsync(api, TestUsers.Reader, TestUsers.ReaderPassword, $"?token={Uri.EscapeDataString(token)}"))
        {
            await accepted.ExpectAsync("connected");
        }

        // Assert: the requests were logged, with the values masked.
        var events = sink.Events.Select(e => e.RenderMessage() + " " + string.Join(" ", e.Properties.Values.Select(v => v.ToString()))).ToList();
        Assert.Contains(events, text => text.Contains("/ws/executors", StringComparison.Ordinal) && text.Contains("token=***", StringComparison.Ordinal));
        Assert.DoesNotContain(events, text => text.Contains(Secret, StringComparison.Ordinal) || text.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal) || text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_CrossesApiProcesses_OnOneDatabase()
    {
        // Arrange: the subscriber on one host, the write through another on the same database.
        await using var writerHost = Host([]);
        await LiveWrites.PutAsync(writerHost, "Crossing", LiveWrites.State(pnl: 1m));
        await using var socket = await LiveSocket.OpenAsync(Api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = "Crossing", update_interval = 60 });

        // Act
        await LiveWrites.PutAsync(writerHost, "Crossing", LiveWrites.State(pnl: 8m));
        var pushed = await socket.ExpectAsync("executor_detail");

        // Assert
        Assert.Equal(8m, pushed.GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
        Assert.Equal(await LiveWrites.GetAsync(Api, "/executors/Crossing"), pushed.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task SlowSubscriber_MessageNotTakenWithinSendTimeout_ConnectionEnded()
    {
        // Arrange: a queue large enough never to fill, a send timeout of one second.
        var sink = new CollectingLogSink();
        await using var api = Host(
            new()
            {
                ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
                ["LiveUpdates:SendQueueCapacity"] = "100000",
                ["LiveUpdates:SendTimeout"] = "00:00:01",
            },
            services => services.AddSingleton<ILogEventSink>(sink));
        api.UseKestrel();
        api.StartServer();
        var address = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var blob = new string('x', 60 * 1024);
        const int Executors = 40;
        for (var i = 0; i < Executors; i++)
        {
            await LiveWrites.PutAsync(api, $"Big{i}", LiveWrites.State(customInfo: new JsonObject { ["notes"] = blob }));
        }

        using var client = await SlowClientAsync(address);

        // Act: 40 subscriptions of 60 KB executors that keep changing, for a client that reads nothing.
        for (var i = 0; i < Executors; i++)
        {
            var subscribe = JsonSerializer.SerializeToUtf8Bytes(new { action = "subscribe", type = "executor_detail", executor_id = $"Big{i}", update_interval = 0.5 });
            await client.SendAsync(subscribe, WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);
        }

        for (var round = 0; round < 30 && !TooSlowLogged(sink); round++)
        {
            for (var i = 0; i < Executors; i++)
            {
                await LiveWrites.PutAsync(api, $"Big{i}", LiveWrites.State(pnl: round, customInfo: new JsonObject { ["notes"] = blob }));
            }

            await Task.Delay(600, TestContext.Current.CancellationToken);
        }

        // Assert: closed as too slow for the timeout, and the connection is gone (reading finds its end, no more data).
        Assert.Contains(sink.Events, e => e.RenderMessage().Contains("was not taken within 1 s", StringComparison.Ordinal));
        var buffer = new byte[256 * 1024];
        var ended = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (true)
            {
                var result = await client.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ended = true;
                    break;
                }
            }
        }
        catch (WebSocketException)
        {
            ended = true; // aborted: a cancelled send leaves no room for a close frame
        }

        Assert.True(ended);
    }

    [Fact]
    public async Task Resync_AfterTheFeedLostItsConnection_SubscriptionsReadAgain()
    {
        // Arrange
        await using var api = Host([]);
        var feed = api.Services.GetRequiredService<Executors.Application.LiveUpdates.IExecutorChangeFeed>();
        await LiveWrites.PutAsync(api, "Missed", LiveWrites.State(pnl: 1m));
        await using var socket = await LiveSocket.OpenAsync(api);
        await socket.SubscribeAsync(new { action = "subscribe", type = "executor_detail", executor_id = "Missed", update_interval = 0.5 });
        await socket.ExpectSilenceAsync(TimeSpan.FromSeconds(1));
        var heard = new System.Collections.Concurrent.ConcurrentQueue<Executors.Application.LiveUpdates.ExecutorChange>();
        using var listening = feed.Subscribe(heard.Enqueue);

        // Act: the listening connection is killed; a write commits while nobody listens (its notification is lost).
        await using (var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var kill = new Npgsql.NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'executors-api change feed' AND datname = current_database()",
                connection);
            await kill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < 200 && feed.IsListening; i++)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await LiveWrites.PutAsync(api, "Missed", LiveWrites.State(pnl: 6m));
        var pushed = await socket.ExpectAsync("executor_detail");

        // Assert: the feed said "resync", and the subscription was read again.
        Assert.Contains(heard, change => change.Kind == Executors.Application.LiveUpdates.ExecutorChangeKind.Resync);
        Assert.Equal(6m, pushed.GetProperty("data").GetProperty("net_pnl_quote").GetDecimal());
    }

    [Fact]
    public async Task HostStopping_ConnectionsClosedGoingAway()
    {
        // Arrange
        var api = Host([]);
        await using var socket = await LiveSocket.OpenAsync(api);

        // Act
        var stopping = api.DisposeAsync();

        // Assert: told, not cut off; and the host's stop does not wait for the client to leave.
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await socket.ExpectCloseAsync());
        Assert.Equal("Server shutting down", socket.CloseDescription);
        await stopping.AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("MaxConnectionsPerUser", "0")]
    [InlineData("MaxSubscriptionsPerConnection", "0")]
    [InlineData("SendQueueCapacity", "0")]
    [InlineData("SendTimeout", "00:00:00")]
    [InlineData("HeartbeatInterval", "00:00:00")]
    public async Task Settings_OutOfRange_RefuseToStart_NamingTheKey(string key, string value)
    {
        // Arrange
        await using var api = Host(new() { [$"LiveUpdates:{key}"] = value });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(failure);
        Assert.Contains(key, validation.Message, StringComparison.Ordinal);
    }

    /// <summary>A WebSocket client on a socket with a 4 KB receive buffer, so that the server's sends block soon.</summary>
    private static async Task<ClientWebSocket> SlowClientAsync(Uri address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Authorization", TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword));
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        await client.ConnectAsync(new Uri($"ws://{address.Authority}/ws/executors"), invoker, TestContext.Current.CancellationToken);
        return client;
    }

    private static bool TooSlowLogged(CollectingLogSink sink) =>
        sink.Events.Any(e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.Contains("too slow", StringComparison.Ordinal));

    private ApiFactory Host(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        new(Database.ConnectionString, settings, services: services);
}
