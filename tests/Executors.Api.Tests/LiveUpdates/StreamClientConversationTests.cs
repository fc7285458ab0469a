using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Client;
using Microsoft.AspNetCore.Http;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// The stream client against a scripted far end (no API): what it sends, answers matched while data interleaves,
/// reconnect with re-subscribe, refusal, and the engine's SSE stop stream resuming with Last-Event-ID.
/// </summary>
public sealed class StreamClientConversationTests
{
    private static readonly string Detail = $$"""{"type":"executor_detail","subscription_id":"executor_detail_ex-9","data":{{StreamClientParsingTests.Record}},"timestamp":1}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribe_DataAndHeartbeatsArriveBeforeTheAnswers_EachCallGetsItsOwnAnswer()
    {
        // Arrange: the peer answers two pipelined subscribes only after pushing data of an older subscription.
        var requests = new List<JsonElement>();
        await using var peer = new ScriptedStreamPeer(async (socket, _) =>
        {
            await socket.ConnectedAsync();
            var first = (await socket.ReceiveAsync())!.Value;
            var second = (await socket.ReceiveAsync())!.Value;
            requests.Add(first);
            requests.Add(second);
            await socket.SendAsync(Detail);
            await socket.SendAsync("""{"type":"heartbeat","timestamp":2}""");
            await socket.SendAsync("""{"type":"subscribed","subscription_id":"executor_detail_ex-1","subscription_type":"executor_detail","update_interval":0.5}""");
            await socket.SendAsync(Detail);
            await socket.SendAsync("""{"type":"subscribed","subscription_id":"executors_1a2b3c4d","subscription_type":"executors","update_interval":2.0}""");
            await socket.ReceiveAsync();
        });
        await using var client = Client(peer.Address);
        await client.ConnectAsync(Ct);

        // Act
        var detail = client.SubscribeExecutorDetailAsync("ex-1", 0.5, Ct);
        var list = client.SubscribeExecutorsAsync(new ExecutorsStreamFilter { Status = "RUNNING", ConnectorName = "binance" }, cancellationToken: Ct);
        var ids = await Task.WhenAll(detail, list);
        var messages = await Take(client, 4);

        // Assert: each call its answer; the data and heartbeat reach the stream, the answers do not.
        Assert.Equal(["executor_detail_ex-1", "executors_1a2b3c4d"], ids);
        Assert.Equal(["connected", "executor_detail", "heartbeat", "executor_detail"], messages.Select(m => m.Type));
        Assert.Equal("""{"action":"subscribe","type":"executor_detail","executor_id":"ex-1","update_interval":0.5}""", requests[0].GetRawText());
        Assert.Equal("""{"action":"subscribe","type":"executors","filters":{"connector_name":"binance","status":"RUNNING"}}""", requests[1].GetRawText());

        // The credentials go in the header only: nothing in the query string.
        Assert.Equal("Basic c3ZjOnMzY3JldDpwdw== ", Assert.Single(peer.Requests));
    }

    [Fact]
    public async Task UnsubscribeAndPing_ErrorAnswer_ThrowsWithTheServersMessage()
    {
        // Arrange
        await using var peer = new ScriptedStreamPeer(async (socket, _) =>
        {
            await socket.ConnectedAsync();
            while (await socket.ReceiveAsync() is { } request)
            {
                var action = request.GetProperty("action").GetString();
                await socket.SendAsync(action == "ping"
                    ? """{"type":"pong","timestamp":3}"""
                    : $$"""{"type":"error","message":"No subscription found: {{request.GetProperty("subscription_id").GetString()}}"}""");
            }
        });
        await using var client = Client(peer.Address);
        await client.ConnectAsync(Ct);

        // Act
        var roundTrip = await client.PingAsync(Ct);
        var refused = await Assert.ThrowsAsync<ExecutorStreamException>(() => client.UnsubscribeAsync("executor_summary", Ct));

        // Assert
        Assert.True(roundTrip > TimeSpan.Zero);
        Assert.Equal("No subscription found: executor_summary", refused.ServerMessage);
    }

    [Fact]
    public async Task ConnectionLost_ReconnectsResubscribesAndSignals()
    {
        // Arrange: the first connection answers the subscribe, pushes once and goes away; the second expects the same subscribe.
        var resent = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = new ScriptedStreamPeer(async (socket, number) =>
        {
            await socket.ConnectedAsync(number == 1 ? "connection01" : "connection02");
            var request = (await socket.ReceiveAsync())!.Value;
            if (number == 2)
            {
                resent.TrySetResult(request.GetRawText());
            }

            await socket.SendAsync("""{"type":"subscribed","subscription_id":"executor_detail_ex-9","subscription_type":"executor_detail","update_interval":2.0}""");
            await socket.SendAsync(Detail);
            if (number == 1)
            {
                // The server going away (a restart): 1001, as Kestrel's shutdown does.
                await socket.Socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "restarting", CancellationToken.None);
                return;
            }

            await socket.ReceiveAsync();
        });
        await using var client = Client(peer.Address);
        var signalled = new TaskCompletionSource<ReconnectedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, message) => signalled.TrySetResult(message);
        await client.ConnectAsync(Ct);

        // Act
        var id = await client.SubscribeExecutorDetailAsync("ex-9", cancellationToken: Ct);
        var messages = await Take(client, 5);

        // Assert: the same subscription sent again on the new connection, its data flowing, the reconnect signalled.
        Assert.Equal("""{"action":"subscribe","type":"executor_detail","executor_id":"ex-9"}""", await resent.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var reconnected = await signalled.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal([id], reconnected.Resubscribed);
        Assert.Empty(reconnected.Refused);
        Assert.Equal("connection02", reconnected.ConnectionId);
        var types = messages.Select(m => m.Type).ToList();
        Assert.Equal(["connected", "executor_detail", "connected"], types.Take(3));
        Assert.Equal(["executor_detail", "reconnected"], types.Skip(3).Order(StringComparer.Ordinal));
        Assert.Equal("connection02", client.ConnectionId);
        Assert.Equal([id], client.SubscriptionIds);
    }

    [Fact]
    public async Task Connect_AuthenticationFailed_ThrowsWithClose4001AndTheMessage()
    {
        // Arrange
        await using var peer = new ScriptedStreamPeer(async (socket, _) =>
        {
            await socket.SendAsync("""{"type":"error","message":"Authentication failed"}""");
            await socket.CloseAsync(4001, "Authentication failed");
        });
        await using var client = Client(peer.Address);

        // Act
        var refused = await Assert.ThrowsAsync<ExecutorStreamException>(() => client.ConnectAsync(Ct));

        // Assert
        Assert.Equal(4001, refused.CloseStatus);
        Assert.Equal("Authentication failed", refused.ServerMessage);
    }

    [Fact]
    public async Task Connect_NoLiveChannelThere_ThrowsWithTheHttpStatus()
    {
        // Arrange: a server where /ws/executors answers 404 (an API without the live channel).
        await using var peer = new ScriptedStreamPeer((_, _) => Task.CompletedTask);
        await using var client = new ExecutorStreamClient(new ExecutorStreamClientOptions { BaseAddress = new Uri(peer.Address, "elsewhere/"), UserName = "svc", Password = "pw" });

        // Act
        var refused = await Assert.ThrowsAsync<ExecutorStreamException>(() => client.ConnectAsync(Ct));

        // Assert
        Assert.Equal(404, refused.CloseStatus);
    }

    [Fact]
    public async Task ClosedWith4001LaterOn_EndsTheStreamInsteadOfReconnecting()
    {
        // Arrange: credentials revoked while connected.
        await using var peer = new ScriptedStreamPeer(async (socket, number) =>
        {
            if (number > 1)
            {
                await socket.SendAsync("""{"type":"error","message":"Authentication failed"}""");
                await socket.CloseAsync(4001, "Authentication failed");
                return;
            }

            await socket.ConnectedAsync();
            await socket.CloseAsync(4001, "Authentication failed");
        });
        await using var client = Client(peer.Address);
        await client.ConnectAsync(Ct);

        // Act
        var ended = await Assert.ThrowsAsync<ExecutorStreamException>(async () =>
        {
            await foreach (var unused in client.ReadAllAsync(Ct))
            {
            }
        });

        // Assert
        Assert.Equal(4001, ended.CloseStatus);
        Assert.Single(peer.Requests);
    }

    [Fact]
    public async Task Https_PinnedCertificate_ConnectsThroughWss()
    {
        // Arrange
        using var certificate = new TestCertificate();
        await using var peer = new ScriptedStreamPeer(async (socket, _) =>
        {
            await socket.ConnectedAsync();
            await socket.ReceiveAsync();
        }, https: true, certificatePath: certificate.CertificatePath, keyPath: certificate.KeyPath);
        await using var client = new ExecutorStreamClient(new ExecutorStreamClientOptions
        {
            BaseAddress = peer.Address,
            UserName = "svc",
            Password = "pw",
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == certificate.Thumbprint,
        });

        // Act
        await client.ConnectAsync(Ct);

        // Assert
        Assert.Equal("abcdef123456", client.ConnectionId);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task StreamEngineStops_StreamDropped_ResumesWithLastEventId()
    {
        // Arrange: the first response sends one stop and ends; the second (which must carry Last-Event-ID) the next.
        await using var peer = new ScriptedStreamPeer((_, _) => Task.CompletedTask, async (context, number) =>
        {
            context.Response.ContentType = "text/event-stream";
            var body = number == 1
                ? ": keep-alive\n\nevent: stop_requested\nid: 7001\ndata: {\"executor_id\":\"ex-1\",\"stop_requested_at\":\"2026-11-30T10:00:00+00:00\",\"keep_position\":false}\n\n"
                : "event: stop_requested\nid: 7002\ndata: {\"executor_id\":\"ex-2\",\"stop_requested_at\":\"2026-11-30T10:00:01+00:00\",\"keep_position\":true}\n\n";
            await context.Response.WriteAsync(body);
            await context.Response.Body.FlushAsync();
            if (number > 1)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await using var client = Client(peer.Address);
        var reconnects = 0;
        client.EngineStreamReconnected += (_, _) => Interlocked.Increment(ref reconnects);

        // Act
        var stops = new List<EngineStopRequest>();
        await foreach (var stop in client.StreamEngineStopsAsync("engine:1", cancellationToken: Ct))
        {
            stops.Add(stop);
            if (stops.Count == 2)
            {
                break;
            }
        }

        // Assert
        Assert.Equal(["ex-1", "ex-2"], stops.Select(s => s.ExecutorId));
        Assert.Equal([false, true], stops.Select(s => s.KeepPosition));
        Assert.Equal("7002", stops[1].EventId);
        var requests = peer.EventRequests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal("/events/engines/engine:1", requests[0].Path);
        Assert.Equal("", requests[0].LastEventId);
        Assert.Equal("7001", requests[1].LastEventId);
        Assert.StartsWith("Basic ", requests[1].Authorization, StringComparison.Ordinal);
        Assert.Equal(1, reconnects);
    }

    [Fact]
    public async Task StreamEngineStops_Refused_ThrowsWithTheStatusAndDetail()
    {
        await using var peer = new ScriptedStreamPeer((_, _) => Task.CompletedTask, async (context, _) =>
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync("""{"status":403,"title":"Forbidden","detail":"The writer role is required."}""");
        });
        await using var client = Client(peer.Address);

        var refused = await Assert.ThrowsAsync<ExecutorStreamException>(async () =>
        {
            await foreach (var unused in client.StreamEngineStopsAsync("engine-1", cancellationToken: Ct))
            {
            }
        });

        Assert.Equal(403, refused.CloseStatus);
        Assert.Equal("The writer role is required.", refused.ServerMessage);
    }

    [Theory]
    [InlineData("http://api.example/", "ws://api.example/ws/executors")]
    [InlineData("https://api.example/prefix", "wss://api.example/prefix/ws/executors")]
    [InlineData("https://api.example:8443/prefix/?x=1", "wss://api.example:8443/prefix/ws/executors")]
    public void Resolve_HttpBase_BecomesWsOrWss(string baseAddress, string expected)
    {
        var options = new ExecutorStreamClientOptions { BaseAddress = new Uri(baseAddress), UserName = "u", Password = "p" };

        Assert.Equal(new Uri(expected), options.Resolve("ws/executors", webSocket: true));
    }

    private static ExecutorStreamClient Client(Uri address) => new(new ExecutorStreamClientOptions
    {
        BaseAddress = address,
        UserName = "svc",
        Password = "s3cret:pw",
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(10),
    });

    private static async Task<List<StreamMessage>> Take(ExecutorStreamClient client, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var messages = new List<StreamMessage>();
        await foreach (var message in client.ReadAllAsync(timeout.Token))
        {
            messages.Add(message);
            if (messages.Count == count)
            {
                break;
            }
        }

        return messages;
    }
}
