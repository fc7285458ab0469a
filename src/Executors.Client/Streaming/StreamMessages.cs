using System.Text.Json;

namespace Executors.Client;

/// <summary>
/// One message of <c>/ws/executors</c>, typed. Data messages carry the generated client's records (the same types the
/// REST calls return). <see cref="Raw"/> is the message as received (for fields this version does not know).
/// </summary>
public abstract record StreamMessage
{
    /// <summary>The wire <c>type</c> (e.g. <c>executor_detail</c>); <c>reconnected</c> for the client's own signal.</summary>
    public required string Type { get; init; }

    /// <summary>The server's <c>timestamp</c> (Unix seconds), when it sent one.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The message as received; an empty element for the client's own signals.</summary>
    public JsonElement Raw { get; init; }
}

/// <summary>A message that belongs to a subscription.</summary>
public abstract record SubscriptionMessage : StreamMessage
{
    /// <summary>The id <c>Subscribe…Async</c> returned.</summary>
    public required string SubscriptionId { get; init; }
}

/// <summary><c>connected</c>: the first message of every connection (also after a reconnect).</summary>
public sealed record ConnectedMessage : StreamMessage
{
    public required string ConnectionId { get; init; }
}

/// <summary><c>heartbeat</c>: the server is alive (every LiveUpdates:HeartbeatInterval).</summary>
public sealed record HeartbeatMessage : StreamMessage;

/// <summary><c>executor_detail</c>: the executor's whole record, as <c>GET /executors/{executor_id}</c> answers it.</summary>
public sealed record ExecutorDetailMessage : SubscriptionMessage
{
    public required ExecutorDetailResponse Executor { get; init; }
}

/// <summary><c>executors</c>: the executors matching the subscription's filters, as the search returns them.</summary>
public sealed record ExecutorsMessage : SubscriptionMessage
{
    public required IReadOnlyList<ExecutorDetailResponse> Executors { get; init; }

    /// <summary>The server's <c>total_count</c>, when sent.</summary>
    public int? TotalCount { get; init; }
}

/// <summary><c>executor_summary</c>: the body of <c>GET /executors/summary</c>.</summary>
public sealed record ExecutorSummaryMessage : SubscriptionMessage
{
    public required ExecutorsSummaryResponse Summary { get; init; }
}

/// <summary><c>performance</c>: the body of <c>GET /executors/performance</c>.</summary>
public sealed record PerformanceMessage : SubscriptionMessage
{
    public required PerformanceReportResponse Performance { get; init; }
}

/// <summary><c>positions</c>: the body of <c>GET /executors/positions/summary</c>.</summary>
public sealed record PositionsMessage : SubscriptionMessage
{
    public required PositionsSummaryResponse Positions { get; init; }
}

/// <summary><c>executor_logs</c>: the first message holds the last <c>limit</c> entries, later ones only the new entries.</summary>
public sealed record ExecutorLogsMessage : SubscriptionMessage
{
    public required IReadOnlyList<ExecutorLogEntryResponse> Entries { get; init; }

    /// <summary>How many entries (of the subscribed level) the executor has, when sent.</summary>
    public int? TotalCount { get; init; }
}

/// <summary>The answer to a subscribe (returned by <c>Subscribe…Async</c>; in the stream only when no request was waiting).</summary>
public sealed record SubscribedMessage : SubscriptionMessage
{
    public required string SubscriptionType { get; init; }

    public double? UpdateInterval { get; init; }
}

/// <summary>The answer to an unsubscribe.</summary>
public sealed record UnsubscribedMessage : SubscriptionMessage;

/// <summary>The answer to a ping.</summary>
public sealed record PongMessage : StreamMessage;

/// <summary>An <c>error</c> that answered no request of this client (e.g. "Subscriber too slow" before a close).</summary>
public sealed record StreamErrorMessage : StreamMessage
{
    public required string Message { get; init; }
}

/// <summary>
/// The client's own signal: the connection was lost and is open again; every subscription was sent again. Changes made
/// while it was down are in the fresh snapshots that follow; a consumer that keeps its own state may re-read it here.
/// </summary>
public sealed record ReconnectedMessage : StreamMessage
{
    public required string ConnectionId { get; init; }

    /// <summary>The subscriptions open again.</summary>
    public required IReadOnlyList<string> Resubscribed { get; init; }

    /// <summary>Subscriptions the server refused this time (e.g. the executor is gone), with its error; they are dropped.</summary>
    public required IReadOnlyDictionary<string, string> Refused { get; init; }
}

/// <summary>A message of a type this version does not know (a newer server); see <see cref="StreamMessage.Raw"/>.</summary>
public sealed record UnknownStreamMessage : StreamMessage;

/// <summary>
/// The filters of an <c>executors</c> subscription (the original's singular keys); <c>null</c> leaves a key out.
/// </summary>
public sealed record ExecutorsStreamFilter
{
    public string? AccountName { get; init; }

    public string? ConnectorName { get; init; }

    public string? TradingPair { get; init; }

    public string? ExecutorType { get; init; }

    public string? Status { get; init; }

    public string? ControllerId { get; init; }

    internal IEnumerable<KeyValuePair<string, string>> Pairs()
    {
        if (AccountName is not null) yield return new("account_name", AccountName);
        if (ConnectorName is not null) yield return new("connector_name", ConnectorName);
        if (TradingPair is not null) yield return new("trading_pair", TradingPair);
        if (ExecutorType is not null) yield return new("executor_type", ExecutorType);
        if (Status is not null) yield return new("status", Status);
        if (ControllerId is not null) yield return new("controller_id", ControllerId);
    }
}

/// <summary>A stop an engine is asked to carry out (the <c>stop_requested</c> event of <c>GET /events/engines/{engine_id}</c>).</summary>
public sealed record EngineStopRequest
{
    public required string ExecutorId { get; init; }

    public DateTimeOffset? StopRequestedAt { get; init; }

    public bool KeepPosition { get; init; }

    /// <summary>The event's id: the resume mark sent back as <c>Last-Event-ID</c> after a reconnect.</summary>
    public string? EventId { get; init; }
}

/// <summary>The live channel refused or lost the connection for good (bad credentials: close 4001, a limit: 4029…).</summary>
public sealed class ExecutorStreamException : Exception
{
    public ExecutorStreamException()
    {
    }

    public ExecutorStreamException(string message)
        : base(message)
    {
    }

    public ExecutorStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExecutorStreamException(string message, int? closeStatus, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        CloseStatus = closeStatus;
        ServerMessage = serverMessage;
    }

    /// <summary>The WebSocket close code (4001 authentication, 4008 too slow, 4029 too many connections), or the HTTP status.</summary>
    public int? CloseStatus { get; }

    /// <summary>What the server said: an <c>error</c> message's text or a close description.</summary>
    public string? ServerMessage { get; }
}
