using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Executors.Application.LiveUpdates;
using Executors.Domain.Executors;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// One authenticated <c>/ws/executors</c> connection: reads the client's actions, keeps its subscriptions, re-reads a
/// subscription when the change feed says its data may have changed (at most once per its update_interval; an
/// identical payload is not sent again) and sends through one bounded queue. A client that lets the queue fill, or does
/// not take a message within <see cref="LiveUpdatesOptions.SendTimeout"/>, is closed with 4008: nothing is buffered
/// without bound.
/// </summary>
internal sealed partial class ExecutorsWebSocketConnection
{
    public const int CloseTooSlow = 4008;
    public const string TooSlowReason = "Subscriber too slow";

    /// <summary>The largest client message read; a bigger one closes the connection (1009).</summary>
    private const int MaxMessageBytes = 64 * 1024;

    private static readonly TimeSpan CloseHandshakeWait = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly LiveReads _reads;
    private readonly IExecutorChangeFeed _feed;
    private readonly LiveUpdatesOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AccountScope _scope;
    private readonly IReadOnlySet<string>? _visible;
    private readonly Channel<ReadOnlyMemory<byte>[]> _outbox;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveSubscription> _byId = new(StringComparer.Ordinal);
    private LiveSubscription[] _all = [];
    private (WebSocketCloseStatus Status, string Reason)? _close;

    public ExecutorsWebSocketConnection(
        WebSocket socket,
        string userName,
        AccountScope scope,
        LiveReads reads,
        IExecutorChangeFeed feed,
        LiveUpdatesOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _socket = socket;
        UserName = userName;
        _scope = scope;
        _visible = scope.IsAll ? null : scope.Accounts.ToHashSet(StringComparer.Ordinal);
        _reads = reads;
        _feed = feed;
        _options = options;
        _time = time;
        _logger = logger;
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>[]>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: that is the overflow
        });
    }

    /// <summary>12 characters, as the original's.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    public string UserName { get; }

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var stop = new CancellationTokenSource();
        using var aborted = requestAborted.Register(() => RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Connection aborted"));
        Send(Control("connected", writer => writer.WriteString("connection_id", Id)));
        using var feedSubscription = _feed.Subscribe(OnChange);
        var sending = SendLoopAsync();
        var receiving = ReceiveLoopAsync(stop.Token);
        var pumping = PumpAsync(stop.Token);
        var beating = HeartbeatAsync(stop.Token);

        await sending.ConfigureAwait(false);

        // The close frame is out (or the connection is gone): give the client a moment to answer it, then stop reading.
        await Task.WhenAny(receiving, Task.Delay(CloseHandshakeWait, _time, CancellationToken.None)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(Quietly(receiving), Quietly(pumping), Quietly(beating)).ConfigureAwait(false);
        LogClosed(Id, UserName, _close?.Status);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    // ---- receiving -------------------------------------------------------------------------------------------------

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var message = new ArrayBufferWriter<byte>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty);
                    return;
                }

                if (message.WrittenCount + result.Count > MaxMessageBytes)
                {
                    RequestClose(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {MaxMessageBytes} bytes");
                    return;
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    SendError("Binary messages are not understood: send JSON text messages.");
                }
                else
                {
                    await HandleAsync(message.WrittenMemory, cancellationToken).ConfigureAwait(false);
                }

                message.ResetWrittenCount();
            }
        }
        catch (WebSocketException)
        {
            RequestClose(WebSocketCloseStatus.EndpointUnavailable, string.Empty); // the client went away
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> text, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            SendError("Invalid message: not JSON. Send a JSON object such as {\"action\": \"ping\"}.");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                SendError("Invalid message: a JSON object is expected, such as {\"action\": \"ping\"}.");
                return;
            }

            var action = root.TryGetProperty("action", out var actionElement)
                ? actionElement.ValueKind == JsonValueKind.String ? actionElement.GetString() : actionElement.GetRawText()
                : "null";
            switch (action)
            {
                case "subscribe":
                    await SubscribeAsync(root, cancellationToken).ConfigureAwait(false);
                    break;
                case "unsubscribe":
                    Unsubscribe(root);
                    break;
                case "ping":
                    Send(Control("pong", null));
                    break;
                default:
                    SendError($"Unknown action: {action}. Valid actions: subscribe, unsubscribe, ping");
                    break;
            }
        }
    }

    private async Task SubscribeAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (!LiveQuery.TryParse(message, out var query, out var error))
        {
            SendError(error!);
            return;
        }

        var subscription = new LiveSubscription(query!);
        lock (_gate)
        {
            if (!_byId.ContainsKey(subscription.Id) && _byId.Count >= _options.MaxSubscriptionsPerConnection)
            {
                SendError($"Subscription limit reached: at most {_options.MaxSubscriptionsPerConnection} subscriptions per connection. Unsubscribe from one first.");
                return;
            }

            // Listed before its first read, so a change committed meanwhile is not missed (it is read once it is served).
            _all = [.. _all, subscription];
        }

        var seen = _reads.LatestSequence;
        LiveSnapshot snapshot;
        try
        {
            snapshot = await _reads.GetAsync(subscription.Query, _scope, seen, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(exception, Id, subscription.Id);
            Drop(subscription);
            SendError($"The data of {subscription.Id} could not be read at the moment; subscribe again later.");
            return;
        }

        if (snapshot.Error is not null)
        {
            Drop(subscription);
            SendError(snapshot.Error);
            return;
        }

        subscription.SeenSequence = seen;
        var first = DataMessage(subscription, snapshot)!;
        lock (_gate)
        {
            if (_byId.Remove(subscription.Id, out var replaced))
            {
                replaced.Removed = true;
                _all = [.. _all.Where(s => !ReferenceEquals(s, replaced))];
            }

            _byId[subscription.Id] = subscription;
            subscription.Active = true;
            Send(Control("subscribed", writer =>
            {
                writer.WriteString("subscription_id", subscription.Id);
                writer.WriteString("subscription_type", subscription.Query.Type);
                writer.WriteNumber("update_interval", subscription.Query.UpdateInterval);
            }));
            Send(first);
        }

        Wake();
    }

    private void Drop(LiveSubscription subscription)
    {
        lock (_gate)
        {
            subscription.Removed = true;
            _all = [.. _all.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private void Unsubscribe(JsonElement message)
    {
        if (!message.TryGetProperty("subscription_id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
        {
            SendError("unsubscribe requires 'subscription_id' (a string).");
            return;
        }

        lock (_gate)
        {
            if (!_byId.Remove(id, out var subscription))
            {
                SendError($"No subscription found: {id}");
                return;
            }

            subscription.Removed = true;
            _all = [.. _all.Where(s => !ReferenceEquals(s, subscription))];
            Send(Control("unsubscribed", writer => writer.WriteString("subscription_id", id)));
        }
    }

    // ---- pushing ---------------------------------------------------------------------------------------------------

    /// <summary>The change feed's handler: quick, never blocks (marks subscriptions dirty, wakes the pump).</summary>
    private void OnChange(ExecutorChange change)
    {
        var any = false;
        foreach (var subscription in Volatile.Read(ref _all))
        {
            any |= subscription.Offer(change, _visible);
        }

        if (any)
        {
            Wake();
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan? wait = null;
            foreach (var subscription in Volatile.Read(ref _all))
            {
                if (!subscription.Active || subscription.Removed || !subscription.IsDirty)
                {
                    continue;
                }

                // At most once per update_interval; the first change after a quiet period goes at once.
                if (subscription.LastReadAt is { } lastRead && _time.GetElapsedTime(lastRead) is var elapsed && elapsed < subscription.Interval)
                {
                    var remaining = subscription.Interval - elapsed;
                    wait = wait is null || remaining < wait ? remaining : wait;
                    continue;
                }

                await PushAsync(subscription, cancellationToken).ConfigureAwait(false);
                if (subscription.IsDirty)
                {
                    wait = wait is null || subscription.Interval < wait ? subscription.Interval : wait;
                }
            }

            if (wait is null)
            {
                await _wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(wait.Value);
                try
                {
                    await _wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }
    }

    private async Task PushAsync(LiveSubscription subscription, CancellationToken cancellationToken)
    {
        var sequence = subscription.DirtySequence;
        subscription.LastReadAt = _time.GetTimestamp();
        LiveSnapshot snapshot;
        try
        {
            snapshot = await _reads.GetAsync(subscription.Query, _scope, sequence, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(exception, Id, subscription.Id); // still dirty: tried again after its interval
            return;
        }

        subscription.SeenSequence = Math.Max(subscription.SeenSequence, sequence);
        lock (_gate)
        {
            if (subscription.Removed)
            {
                return;
            }

            if (snapshot.Error is not null)
            {
                if (snapshot.Error != subscription.LastError)
                {
                    subscription.LastError = snapshot.Error;
                    SendError(snapshot.Error);
                }

                return;
            }

            subscription.LastError = null;
            if (DataMessage(subscription, snapshot) is { } message)
            {
                Send(message);
            }
        }
    }

    /// <summary>
    /// The data message of <paramref name="snapshot"/> for <paramref name="subscription"/>, or null when it would say
    /// nothing new (the same payload; no new log entry). Sent as three frames of one message, so the shared data is
    /// never copied per subscriber.
    /// </summary>
    private ReadOnlyMemory<byte>[]? DataMessage(LiveSubscription subscription, LiveSnapshot snapshot)
    {
        byte[] data;
        if (snapshot.Entries is { } entries)
        {
            var previous = subscription.LogEntries;
            var current = new Dictionary<string, int>(StringComparer.Ordinal);
            var fresh = new List<byte[]>();
            foreach (var entry in entries)
            {
                var text = Encoding.UTF8.GetString(entry);
                current[text] = current.GetValueOrDefault(text) + 1;

                // New: more of it now than in the last read (entries are only added, and only drop out at the old end).
                if (previous is null || current[text] > previous.GetValueOrDefault(text))
                {
                    fresh.Add(entry);
                }
            }

            subscription.LogEntries = current;
            if (previous is not null && fresh.Count == 0)
            {
                subscription.LastTotalCount = snapshot.TotalCount;
                return null;
            }

            data = JoinArray(fresh);
        }
        else
        {
            data = snapshot.Data!;
            if (subscription.LastData is { } last && snapshot.TotalCount == subscription.LastTotalCount
                && (ReferenceEquals(last, data) || last.AsSpan().SequenceEqual(data)))
            {
                return null;
            }

            subscription.LastData = data;
        }

        subscription.LastTotalCount = snapshot.TotalCount;
        var prefix = Encoding.UTF8.GetBytes(
            $"{{\"type\":{JsonSerializer.Serialize(subscription.Query.Type)},\"subscription_id\":{JsonSerializer.Serialize(subscription.Id)},\"data\":");
        var suffix = new StringBuilder();
        if (snapshot.TotalCount is { } total)
        {
            suffix.Append(CultureInfo.InvariantCulture, $",\"total_count\":{total}");
        }

        suffix.Append(CultureInfo.InvariantCulture, $",\"timestamp\":{Now().ToString("R", CultureInfo.InvariantCulture)}}}");
        return [prefix, data, Encoding.UTF8.GetBytes(suffix.ToString())];
    }

    private static byte[] JoinArray(List<byte[]> items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("["u8);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(items[i]);
        }

        buffer.Write("]"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Send(Control("heartbeat", null));
        }
    }

    // ---- sending ---------------------------------------------------------------------------------------------------

    private void SendError(string message) =>
        Send(Control("error", writer => writer.WriteString("message", message), timestamped: false));

    /// <summary>Queues a message; a full queue means the client does not keep up: it is closed (4008).</summary>
    private void Send(ReadOnlyMemory<byte>[] message)
    {
        if (!_outbox.Writer.TryWrite(message) && _close is null)
        {
            LogTooSlow(Id, UserName, "its send queue is full");
            RequestClose((WebSocketCloseStatus)CloseTooSlow, TooSlowReason);
        }
    }

    /// <summary>Ends the connection: no more messages are queued; the sender sends what the close allows, then the close frame.</summary>
    private void RequestClose(WebSocketCloseStatus status, string reason)
    {
        lock (_gate)
        {
            _close ??= (status, reason);
        }

        _outbox.Writer.TryComplete();
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (_outbox.Reader.TryRead(out var message))
                {
                    if (_close is { Status: (WebSocketCloseStatus)CloseTooSlow })
                    {
                        break; // what is queued for a client too slow to take it is dropped, not sent
                    }

                    using var timeout = new CancellationTokenSource(_options.SendTimeout, _time);
                    try
                    {
                        for (var i = 0; i < message.Length; i++)
                        {
                            await _socket.SendAsync(message[i], WebSocketMessageType.Text, i == message.Length - 1, timeout.Token).ConfigureAwait(false);
                        }
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                    {
                        // A send cancelled midway leaves the socket aborted: no close frame can follow.
                        LogTooSlow(Id, UserName, $"a message was not taken within {_options.SendTimeout.TotalSeconds} s");
                        RequestClose((WebSocketCloseStatus)CloseTooSlow, TooSlowReason);
                        _socket.Abort();
                        return;
                    }
                }

                if (_close is { Status: (WebSocketCloseStatus)CloseTooSlow })
                {
                    break;
                }
            }
        }
        catch (WebSocketException)
        {
            RequestClose(WebSocketCloseStatus.EndpointUnavailable, string.Empty);
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived && _close is { } close)
        {
            using var timeout = new CancellationTokenSource(_options.SendTimeout, _time);
            try
            {
                await _socket.CloseOutputAsync(close.Status, close.Reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                _socket.Abort();
            }
        }
    }

    // ---- messages --------------------------------------------------------------------------------------------------

    private double Now() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    /// <summary>A small message: its type, what <paramref name="fields"/> writes, the timestamp.</summary>
    private ReadOnlyMemory<byte>[] Control(string type, Action<Utf8JsonWriter>? fields, bool timestamped = true)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            fields?.Invoke(writer);
            if (timestamped)
            {
                writer.WriteNumber("timestamp", Now());
            }

            writer.WriteEndObject();
        }

        return [buffer.WrittenMemory];
    }

    /// <summary>Messages are JSON for programs, never HTML: quotes and non-ASCII letters need no escaping.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live connection {ConnectionId} of {UserName} closed as too slow: {Reason}")]
    private partial void LogTooSlow(string connectionId, string userName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live connection {ConnectionId} could not read subscription {SubscriptionId}")]
    private partial void LogReadFailed(Exception exception, string connectionId, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live connection {ConnectionId} of {UserName} closed ({CloseStatus})")]
    private partial void LogClosed(string connectionId, string userName, WebSocketCloseStatus? closeStatus);
}
