using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// A scripted far end for the stream client's own tests (no API, no database): real Kestrel on loopback, each
/// WebSocket connection and each event-stream request handed to the test's script, with what the client sent recorded.
/// </summary>
internal sealed class ScriptedStreamPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    public ScriptedStreamPeer(Func<PeerSocket, int, Task> webSocket, Func<HttpContext, int, Task>? events = null, bool https = false, string? certificatePath = null, string? keyPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0, l =>
        {
            if (https)
            {
                l.UseHttps(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificatePath!, keyPath!));
            }
        }));
        _app = builder.Build();
        _app.UseWebSockets();
        var eventRequests = 0;
        _app.MapGet("/ws/executors", (RequestDelegate)(async context =>
        {
            Requests.Add(context.Request.Headers.Authorization.ToString() + " " + context.Request.QueryString.Value);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var number = Interlocked.Increment(ref _connections);
            await webSocket(new PeerSocket(socket), number);
        }));
        _app.MapGet("/events/engines/{engine_id}", (RequestDelegate)(async context =>
        {
            var number = Interlocked.Increment(ref eventRequests);
            EventRequests.Enqueue((context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), context.Request.Headers["Last-Event-ID"].ToString()));
            await events!(context, number);
        }));
        _app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Address = new UriBuilder(address) { Host = "127.0.0.1", Scheme = https ? "https" : "http" }.Uri;
    }

    public Uri Address { get; }

    /// <summary>Per WebSocket connection: its Authorization header and query string.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

    /// <summary>Per event-stream request: path, Authorization header, Last-Event-ID.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Path, string Authorization, string LastEventId)> EventRequests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The peer's side of one WebSocket.</summary>
internal sealed class PeerSocket(WebSocket socket)
{
    public WebSocket Socket => socket;

    public Task SendAsync(string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task ConnectedAsync(string id = "abcdef123456") =>
        SendAsync($$"""{"type":"connected","connection_id":"{{id}}","timestamp":1732900000.0}""");

    /// <summary>The client's next request, or null when it closed.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var count = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += result.Count;
        }
        while (!result.EndOfMessage);

        using var document = JsonDocument.Parse(buffer.AsMemory(0, count));
        return document.RootElement.Clone();
    }

    public Task CloseAsync(int code, string reason) =>
        socket.CloseAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
}
