using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.LiveUpdates;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// A test's client of <c>/ws/executors</c>: one reader task takes every message into a queue as it arrives (so "no
/// message within a while" can be asked without cancelling a receive, which aborts a WebSocket).
/// </summary>
internal sealed class LiveSocket : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reading;

    private LiveSocket(WebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAsync);
    }

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseDescription { get; private set; }

    /// <summary>Whether the server closed (or the connection ended); completes once it has.</summary>
    public Task Closed => _reading;

    /// <summary>Connects through the in-process test server, with Basic credentials when a user is given.</summary>
    public static async Task<LiveSocket> ConnectAsync(ApiFactory api, string? user, string? password = null, string query = "", string? origin = null)
    {
        var client = api.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            if (user is not null)
            {
                request.Headers.Authorization = TestUsers.BasicHeader(user, password!);
            }

            if (origin is not null)
            {
                request.Headers.Origin = origin;
            }
        };

        var socket = await client.ConnectAsync(new Uri(api.Server.BaseAddress, "ws/executors" + query), TestContext.Current.CancellationToken);
        return new LiveSocket(socket);
    }

    public static Task<LiveSocket> ReaderAsync(ApiFactory api) => ConnectAsync(api, TestUsers.Reader, TestUsers.ReaderPassword);

    /// <summary>Connects, reads <c>connected</c>, and waits until the host's change feed is listening (so no write is missed).</summary>
    public static async Task<LiveSocket> OpenAsync(ApiFactory api, string user = TestUsers.Reader, string password = TestUsers.ReaderPassword)
    {
        await api.Services.GetRequiredService<IExecutorChangeFeed>().WaitUntilListeningAsync(TestContext.Current.CancellationToken).WaitAsync(DefaultWait, TestContext.Current.CancellationToken);
        var socket = await ConnectAsync(api, user, password);
        await socket.ExpectAsync("connected");
        return socket;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);

    /// <summary>The next message; fails when none comes within <paramref name="wait"/> or the connection closed first.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? wait = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(wait ?? DefaultWait);
        try
        {
            if (await _messages.Reader.WaitToReadAsync(timeout.Token) && _messages.Reader.TryRead(out var message))
            {
                return message;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No message within {(wait ?? DefaultWait).TotalSeconds} s.");
        }

        throw new InvalidOperationException($"The connection closed ({CloseStatus} {CloseDescription}) before a message came.");
    }

    /// <summary>The next message, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ExpectAsync(string type, TimeSpan? wait = null)
    {
        var message = await ReceiveAsync(wait);
        Assert.True(message.GetProperty("type").GetString() == type, $"Expected a '{type}' message, got {message.GetRawText()}");
        return message;
    }

    /// <summary>The next message, which must be an error; its text.</summary>
    public async Task<string> ExpectErrorAsync()
    {
        var message = await ExpectAsync("error");
        return message.GetProperty("message").GetString()!;
    }

    /// <summary>Nothing arrives within <paramref name="wait"/> (then a ping proves the connection still answers).</summary>
    public async Task ExpectSilenceAsync(TimeSpan wait)
    {
        await Task.Delay(wait, TestContext.Current.CancellationToken);
        if (_messages.Reader.TryRead(out var unexpected))
        {
            Assert.Fail($"Expected no message, got {unexpected.GetRawText()}");
        }

        await SendAsync(new { action = "ping" });
        await ExpectAsync("pong");
    }

    /// <summary>Subscribes and reads the answer, which must be <c>subscribed</c>, then the first data message.</summary>
    public async Task<(JsonElement Subscribed, JsonElement Data)> SubscribeAsync(object subscribe)
    {
        await SendAsync(subscribe);
        var subscribed = await ExpectAsync("subscribed");
        var data = await ReceiveAsync();
        Assert.Equal(subscribed.GetProperty("subscription_type").GetString(), data.GetProperty("type").GetString());
        Assert.Equal(subscribed.GetProperty("subscription_id").GetString(), data.GetProperty("subscription_id").GetString());
        return (subscribed, data);
    }

    /// <summary>Waits for the server's close and returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ExpectCloseAsync()
    {
        await _reading.WaitAsync(DefaultWait, TestContext.Current.CancellationToken);
        return CloseStatus;
    }

    public static JsonNode Node(JsonElement element) => JsonNode.Parse(element.GetRawText())!;

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    CloseDescription = result.CloseStatusDescription;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    using var document = JsonDocument.Parse(message.ToArray());
                    await _messages.Writer.WriteAsync(document.RootElement.Clone());
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException)
        {
            // Both ends closed at once: the test server's socket reports the other side gone (the close is what counts).
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                await _reading.WaitAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or TimeoutException or IOException)
            {
            }
        }

        _socket.Abort();
        _socket.Dispose();
        await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
    }
}
