using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Executors.Client;

/// <summary>
/// The typed client of the live channel <c>/ws/executors</c> (hummingbot-api's protocol) and of an engine's stop
/// stream (<c>GET /events/engines/{engine_id}</c>, Server-Sent Events). Credentials go in the <c>Authorization</c>
/// header only.
/// <code>
/// await using var stream = new ExecutorStreamClient(new ExecutorStreamClientOptions { BaseAddress = api, UserName = "svc", Password = secret });
/// await stream.ConnectAsync(ct);
/// var id = await stream.SubscribeExecutorDetailAsync(executorId, cancellationToken: ct);
/// await foreach (var message in stream.ReadAllAsync(ct)) { if (message is ExecutorDetailMessage m) … }
/// </code>
/// Subscribe, unsubscribe and ping return the server's answer even while data messages arrive in between: requests
/// wait in send order and each answer completes the oldest request it fits (<see cref="RequestMatcher"/>). A lost
/// connection is opened again with a growing delay, every subscription is sent again, and <see cref="Reconnected"/> /
/// a <see cref="ReconnectedMessage"/> say so. Bad credentials (close 4001, HTTP 401/403) end the stream with an
/// <see cref="ExecutorStreamException"/> instead. Thread-safe; <see cref="ReadAllAsync"/> has one reader.
/// </summary>
public sealed class ExecutorStreamClient : IAsyncDisposable
{
    private const int AuthenticationFailed = 4001;
    private static readonly JsonSerializerOptions Json = new();

    private readonly ExecutorStreamClientOptions _options;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly Channel<StreamMessage> _messages;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private TaskCompletionSource<Connection> _connected = NewConnectedSignal();
    private Connection? _current;
    private Task? _supervisor;
    private HttpClient? _http;
    private int _disposed;

    public ExecutorStreamClient(ExecutorStreamClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _authorization = BasicCredentials.HeaderValue(options.UserName, options.Password);
        _messages = Channel.CreateBounded<StreamMessage>(new BoundedChannelOptions(options.MessageBufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>After a lost connection was opened again and the subscriptions were sent again.</summary>
    public event EventHandler<ReconnectedMessage>? Reconnected;

    /// <summary>After the stop stream of <see cref="StreamEngineStopsAsync"/> was opened again (argument: the engine id).</summary>
    public event EventHandler<string>? EngineStreamReconnected;

    /// <summary>The server's id of the current connection; <c>null</c> while not connected.</summary>
    public string? ConnectionId => Volatile.Read(ref _current)?.ConnectionId;

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => Volatile.Read(ref _current) is { IsOpen: true };

    /// <summary>The subscriptions that are re-sent after a reconnect.</summary>
    public IReadOnlyCollection<string> SubscriptionIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Keys];
            }
        }
    }

    /// <summary>Opens the connection and reads <c>connected</c>. Call once; reconnects are automatic.</summary>
    /// <exception cref="ExecutorStreamException">Refused (bad credentials, too many connections) or not reachable.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_supervisor is not null)
            {
                throw new InvalidOperationException("ConnectAsync was already called; the client reconnects by itself.");
            }

            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            Become(connection);
            _supervisor = Task.Run(() => SuperviseAsync(connection), CancellationToken.None);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>One executor's record, pushed when it changes. Returns <c>executor_detail_{id}</c>.</summary>
    public Task<string> SubscribeExecutorDetailAsync(string executorId, double? updateInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executorId);
        return SubscribeAsync("executor_detail", w => w.WriteString("executor_id", executorId), updateInterval, cancellationToken);
    }

    /// <summary>The executors matching <paramref name="filter"/> (all visible ones without it), pushed when one changes.</summary>
    public Task<string> SubscribeExecutorsAsync(ExecutorsStreamFilter? filter = null, double? updateInterval = null, CancellationToken cancellationToken = default) =>
        SubscribeAsync("executors", w =>
        {
            var pairs = filter?.Pairs().ToList() ?? [];
            if (pairs.Count == 0)
            {
                return;
            }

            w.WriteStartObject("filters");
            foreach (var (key, value) in pairs)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }, updateInterval, cancellationToken);

    /// <summary>The body of <c>GET /executors/summary</c>, pushed when it changes. Returns <c>executor_summary</c>.</summary>
    public Task<string> SubscribeSummaryAsync(double? updateInterval = null, CancellationToken cancellationToken = default) =>
        SubscribeAsync("executor_summary", _ => { }, updateInterval, cancellationToken);

    /// <summary>The body of <c>GET /executors/performance</c> (of one controller or all).</summary>
    public Task<string> SubscribePerformanceAsync(string? controllerId = null, double? updateInterval = null, CancellationToken cancellationToken = default) =>
        SubscribeAsync("performance", w => WriteOptional(w, "controller_id", controllerId), updateInterval, cancellationToken);

    /// <summary>The body of <c>GET /executors/positions/summary</c> (of one controller or all).</summary>
    public Task<string> SubscribePositionsAsync(string? controllerId = null, double? updateInterval = null, CancellationToken cancellationToken = default) =>
        SubscribeAsync("positions", w => WriteOptional(w, "controller_id", controllerId), updateInterval, cancellationToken);

    /// <summary>An executor's log: the last <paramref name="limit"/> entries first, then each new entry.</summary>
    public Task<string> SubscribeLogsAsync(string executorId, string? level = null, int? limit = null, double? updateInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executorId);
        return SubscribeAsync("executor_logs", w =>
        {
            w.WriteString("executor_id", executorId);
            WriteOptional(w, "level", level);
            if (limit is { } n)
            {
                w.WriteNumber("limit", n);
            }
        }, updateInterval, cancellationToken);
    }

    /// <summary>Ends a subscription (it is not re-sent after a reconnect any more).</summary>
    /// <exception cref="ExecutorStreamException">The server knows no such subscription.</exception>
    public async Task UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        lock (_gate)
        {
            _subscriptions.Remove(subscriptionId);
        }

        var payload = Request("unsubscribe", w => w.WriteString("subscription_id", subscriptionId));
        var answer = await RequestAsync(StreamRequestKind.Unsubscribe, null, subscriptionId, payload, cancellationToken).ConfigureAwait(false);
        if (answer is StreamErrorMessage error)
        {
            throw new ExecutorStreamException($"Unsubscribe failed: {error.Message}", null, error.Message);
        }
    }

    /// <summary>A <c>ping</c>; returns the round trip.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var answer = await RequestAsync(StreamRequestKind.Ping, null, null, Request("ping", _ => { }), cancellationToken).ConfigureAwait(false);
        if (answer is StreamErrorMessage error)
        {
            throw new ExecutorStreamException($"Ping failed: {error.Message}", null, error.Message);
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Every message that is not an answer to a request of this client: data, heartbeats, <c>connected</c>, errors
    /// the server sends on its own, and <see cref="ReconnectedMessage"/>. Ends when the client is disposed; throws
    /// <see cref="ExecutorStreamException"/> when the connection is refused for good. One reader at a time.
    /// </summary>
    public IAsyncEnumerable<StreamMessage> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _messages.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// The stop requests of the executors <paramref name="engineId"/> holds (those pending at connect first), read from
    /// <c>GET /events/engines/{engine_id}</c> (writer role). A lost stream is opened again with <c>Last-Event-ID</c> (the
    /// last event's id, or <paramref name="lastEventId"/> at first), so no stop is missed; one may come twice.
    /// </summary>
    /// <exception cref="ExecutorStreamException">Refused for good (401, 403, 404, 400) or, without AutoReconnect, lost.</exception>
    public async IAsyncEnumerable<EngineStopRequest> StreamEngineStopsAsync(string engineId, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(engineId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var token = linked.Token;
        var uri = _options.Resolve("events/engines/" + Uri.EscapeDataString(engineId), webSocket: false);
        var delay = _options.ReconnectDelay;
        var opened = false;
        while (true)
        {
            token.ThrowIfCancellationRequested();
            using var response = await OpenEventStreamAsync(uri, lastEventId, token).ConfigureAwait(false);
            if (response is null)
            {
                delay = await BackOffAsync(delay, token).ConfigureAwait(false);
                continue;
            }

            if (opened)
            {
                EngineStreamReconnected?.Invoke(this, engineId);
            }

            opened = true;
            delay = _options.ReconnectDelay;
            var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var text = new StreamReader(body, Encoding.UTF8);
                var reader = new ServerSentEventReader(text);
                while (true)
                {
                    var next = await ReadEventAsync(reader, token).ConfigureAwait(false);
                    lastEventId = reader.LastEventId ?? lastEventId;
                    if (next is null)
                    {
                        break;
                    }

                    if (next.Event == "stop_requested" && ParseStop(next) is { } stop)
                    {
                        yield return stop;
                    }
                }
            }

            if (!_options.AutoReconnect)
            {
                throw new ExecutorStreamException("The engine's stop stream ended.");
            }

            delay = await BackOffAsync(delay, token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        var current = Volatile.Read(ref _current);
        if (current is not null)
        {
            await current.CloseAsync().ConfigureAwait(false);
        }

        if (_supervisor is { } supervisor)
        {
            await supervisor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        current?.Dispose();
        _messages.Writer.TryComplete();
        _connected.TrySetException(new ObjectDisposedException(nameof(ExecutorStreamClient)));
        _http?.Dispose();
        _lifetime.Dispose();
        _connectGate.Dispose();
    }

    // ---- requests ----

    private async Task<string> SubscribeAsync(string type, Action<Utf8JsonWriter> fields, double? updateInterval, CancellationToken cancellationToken)
    {
        var payload = Request("subscribe", w =>
        {
            w.WriteString("type", type);
            fields(w);
            if (updateInterval is { } interval)
            {
                w.WriteNumber("update_interval", interval);
            }
        });
        var answer = await RequestAsync(StreamRequestKind.Subscribe, type, null, payload, cancellationToken).ConfigureAwait(false);
        if (answer is StreamErrorMessage error)
        {
            throw new ExecutorStreamException($"Subscribe failed: {error.Message}", null, error.Message);
        }

        var id = ((SubscribedMessage)answer).SubscriptionId;
        lock (_gate)
        {
            _subscriptions[id] = new Subscription(type, payload);
        }

        return id;
    }

    private async Task<StreamMessage> RequestAsync(StreamRequestKind kind, string? type, string? subscriptionId, byte[] payload, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_supervisor is null)
        {
            throw new InvalidOperationException("Call ConnectAsync first.");
        }

        // While a reconnect is under way, wait for it (as long as a request may take).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        timeout.CancelAfter(_options.RequestTimeout);
        Connection connection;
        try
        {
            connection = await _connected.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_lifetime.IsCancellationRequested)
        {
            throw new TimeoutException($"Not connected to the live channel within {_options.RequestTimeout}.");
        }

        return await connection.RequestAsync(kind, type, subscriptionId, payload, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Request(string action, Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    // ---- connection life ----

    private async Task<Connection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.SetRequestHeader("Authorization", _authorization.ToString());
            socket.Options.CollectHttpResponseDetails = true;
            if (_options.RemoteCertificateValidationCallback is { } validate)
            {
                socket.Options.RemoteCertificateValidationCallback = validate;
            }

            try
            {
                await socket.ConnectAsync(_options.Resolve("ws/executors", webSocket: true), timeout.Token).ConfigureAwait(false);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ExecutorStreamException($"The live channel refused the credentials (HTTP {(int)socket.HttpStatusCode}).", (int)socket.HttpStatusCode, null, e);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode != 0)
            {
                // Answered, but not upgraded (404: no live channel there; 503: not ready).
                throw new ExecutorStreamException($"The live channel answered HTTP {(int)socket.HttpStatusCode} instead of opening the WebSocket.", (int)socket.HttpStatusCode, null, e);
            }

            var connection = new Connection(socket, _options.MaxMessageBytes);
            var first = await connection.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            switch (first.Message)
            {
                case ConnectedMessage connected:
                    connection.ConnectionId = connected.ConnectionId;
                    await _messages.Writer.WriteAsync(connected, cancellationToken).ConfigureAwait(false);
                    return connection;
                case StreamErrorMessage error:
                    // Refused after the upgrade (bad credentials 4001, too many connections 4029): the close follows.
                    var close = await connection.ReceiveAsync(timeout.Token).ConfigureAwait(false);
                    throw new ExecutorStreamException($"The live channel refused the connection: {error.Message}", close.CloseStatus, error.Message);
                default:
                    throw new ExecutorStreamException(
                        first.CloseStatus is { } status ? $"The live channel closed the connection ({status} {first.CloseDescription})." : "The live channel did not start with \"connected\".",
                        first.CloseStatus, first.CloseDescription);
            }
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }
    }

    private void Become(Connection connection)
    {
        Volatile.Write(ref _current, connection);
        _connected.TrySetResult(connection);
    }

    private async Task SuperviseAsync(Connection connection)
    {
        var token = _lifetime.Token;
        while (true)
        {
            var end = await connection.RunAsync(m => _messages.Writer.WriteAsync(m, token), token).ConfigureAwait(false);
            lock (_gate)
            {
                _connected = NewConnectedSignal();
            }

            connection.Matcher.FailAll(new ExecutorStreamException("The live channel's connection was lost before the answer arrived.", end.CloseStatus, end.CloseDescription, end.Error));
            if (token.IsCancellationRequested)
            {
                return;
            }

            if (end.CloseStatus == AuthenticationFailed || !_options.AutoReconnect)
            {
                Fail(new ExecutorStreamException($"The live channel closed the connection ({end.CloseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no close"}: {end.CloseDescription ?? end.Error?.Message}).", end.CloseStatus, end.CloseDescription, end.Error));
                return;
            }

            connection.Dispose();
            var delay = _options.ReconnectDelay;
            Connection? next = null;
            while (next is null)
            {
                try
                {
                    delay = await BackOffAsync(delay, token).ConfigureAwait(false);
                    next = await OpenAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (ExecutorStreamException refused) when (refused.CloseStatus is AuthenticationFailed or 401 or 403)
                {
                    Fail(refused);
                    return;
                }
                catch (Exception e) when (e is ExecutorStreamException or WebSocketException or HttpRequestException or IOException or OperationCanceledException)
                {
                    // Not there yet (restarting, a limit): try again later.
                }
            }

            connection = next;
            Become(connection);
            var resubscribe = ResubscribeAsync(connection, token);
            _ = resubscribe.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task ResubscribeAsync(Connection connection, CancellationToken token)
    {
        List<KeyValuePair<string, Subscription>> subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
        }

        var again = new List<string>();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, subscription) in subscriptions)
        {
            var answer = await connection.RequestAsync(StreamRequestKind.Subscribe, subscription.Type, null, subscription.Payload, _options.RequestTimeout, token).ConfigureAwait(false);
            if (answer is StreamErrorMessage error)
            {
                refused[id] = error.Message;
                lock (_gate)
                {
                    _subscriptions.Remove(id);
                }
            }
            else
            {
                again.Add(id);
            }
        }

        var message = new ReconnectedMessage { Type = "reconnected", ConnectionId = connection.ConnectionId ?? "", Resubscribed = again, Refused = refused, Timestamp = DateTimeOffset.UtcNow };
        await _messages.Writer.WriteAsync(message, token).ConfigureAwait(false);
        Reconnected?.Invoke(this, message);
    }

    private void Fail(ExecutorStreamException error)
    {
        Volatile.Write(ref _current, null);
        _connected.TrySetException(error);
        _messages.Writer.TryComplete(error);
    }

    /// <summary>Waits about <paramref name="delay"/>; returns the next, doubled up to the maximum.</summary>
    private async Task<TimeSpan> BackOffAsync(TimeSpan delay, CancellationToken token)
    {
        // Jitter so that many clients of a restarted server do not all come back in the same millisecond.
        var wait = delay * (0.75 + (Random.Shared.NextDouble() / 2));
        await Task.Delay(wait, token).ConfigureAwait(false);
        return TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
    }

    private static TaskCompletionSource<Connection> NewConnectedSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // ---- SSE ----

    private async Task<HttpResponseMessage?> OpenEventStreamAsync(Uri uri, string? lastEventId, CancellationToken token)
    {
        var http = LazyInitializer.EnsureInitialized(ref _http, () =>
        {
            var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1), ConnectTimeout = _options.ConnectTimeout };
            if (_options.RemoteCertificateValidationCallback is { } validate)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = validate;
            }

            return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(lastEventId))
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (HttpRequestException) when (_options.AutoReconnect)
        {
            return null;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested && _options.AutoReconnect)
        {
            return null;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var status = (int)response.StatusCode;
        var detail = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
        response.Dispose();
        if (status is >= 500 or 429 or 408 && _options.AutoReconnect)
        {
            return null;
        }

        throw new ExecutorStreamException($"The stop stream was refused with HTTP {status}.", status, ProblemDetail(detail));
    }

    private async Task<SseEvent?> ReadEventAsync(ServerSentEventReader reader, CancellationToken token)
    {
        try
        {
            return await reader.ReadAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !token.IsCancellationRequested)
        {
            if (!_options.AutoReconnect)
            {
                throw new ExecutorStreamException("The engine's stop stream was lost.", e);
            }

            return null;
        }
    }

    internal static EngineStopRequest? ParseStop(SseEvent e)
    {
        try
        {
            var data = JsonSerializer.Deserialize<StopData>(e.Data, Json);
            return data?.ExecutorId is { Length: > 0 } id
                ? new EngineStopRequest { ExecutorId = id, StopRequestedAt = data.StopRequestedAt, KeepPosition = data.KeepPosition == true, EventId = e.Id }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ProblemDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Subscription(string Type, byte[] Payload);

    private sealed class StopData
    {
        [System.Text.Json.Serialization.JsonPropertyName("executor_id")]
        public string? ExecutorId { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("stop_requested_at")]
        public DateTimeOffset? StopRequestedAt { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("keep_position")]
        public bool? KeepPosition { get; set; }
    }
}
