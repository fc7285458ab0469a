using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Executors.Client;

/// <summary>How one receive ended: a message, or the connection's end (its close code, or the error that broke it).</summary>
internal readonly record struct Received(StreamMessage? Message, int? CloseStatus, string? CloseDescription, Exception? Error);

/// <summary>One open WebSocket of <see cref="ExecutorStreamClient"/>: its sends (one at a time), its receive loop and the requests waiting on it.</summary>
internal sealed class Connection(ClientWebSocket socket, int maxMessageBytes) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly ArrayBufferWriter<byte> _frame = new(16 * 1024);

    public RequestMatcher Matcher { get; } = new();

    public string? ConnectionId { get; set; }

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>Sends a request and waits for its answer; a missing answer breaks the connection (the queue would be out of step).</summary>
    public async Task<StreamMessage> RequestAsync(StreamRequestKind kind, string? type, string? subscriptionId, byte[] payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PendingRequest pending;
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            pending = Matcher.Add(kind, type, subscriptionId);

            // Not cancellable half-way: a cancelled send aborts the socket.
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            socket.Abort();
            throw new ExecutorStreamException("The live channel's connection was lost.", e);
        }
        finally
        {
            _send.Release();
        }

        try
        {
            return await pending.Answer.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            socket.Abort();
            throw new TimeoutException($"The live channel did not answer within {timeout}; the connection is opened again.");
        }
    }

    /// <summary>Reads until the connection ends; answers complete their requests, everything else goes to <paramref name="deliver"/>.</summary>
    public async Task<Received> RunAsync(Func<StreamMessage, ValueTask> deliver, CancellationToken cancellationToken)
    {
        while (true)
        {
            Received received;
            try
            {
                received = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e)
            {
                return new Received(null, null, null, e);
            }

            if (received.Message is not { } message)
            {
                return received;
            }

            if (message is SubscribedMessage or UnsubscribedMessage or PongMessage or StreamErrorMessage && Matcher.TryAnswer(message))
            {
                continue;
            }

            try
            {
                await deliver(message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return new Received(null, null, null, e);
            }
        }
    }

    /// <summary>The next whole message (a frame that is not a readable message is skipped), or how the connection ended.</summary>
    public async Task<Received> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _frame.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            try
            {
                do
                {
                    result = await socket.ReceiveAsync(_frame.GetMemory(8 * 1024), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return new Received(null, (int?)socket.CloseStatus, socket.CloseStatusDescription, null);
                    }

                    _frame.Advance(result.Count);
                    if (_frame.WrittenCount > maxMessageBytes)
                    {
                        socket.Abort();
                        return new Received(null, null, null, new ExecutorStreamException($"A message larger than {maxMessageBytes} bytes."));
                    }
                }
                while (!result.EndOfMessage);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
            {
                return new Received(null, (int?)socket.CloseStatus, socket.CloseStatusDescription, e);
            }

            if (result.MessageType != WebSocketMessageType.Text)
            {
                continue;
            }

            try
            {
                return new Received(StreamMessageParser.Parse(_frame.WrittenSpan), null, null, null);
            }
            catch (JsonException)
            {
                // Not a message of this protocol: skipped rather than ending the connection.
            }
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Gone already.
        }
        finally
        {
            socket.Abort();
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        _send.Dispose();
    }
}
