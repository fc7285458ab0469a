namespace Executors.Client;

/// <summary>What a request on the live channel was, so that its answer is recognised.</summary>
internal enum StreamRequestKind
{
    Subscribe,
    Unsubscribe,
    Ping,
}

/// <summary>
/// Matches answers to requests while data messages interleave. The server handles a connection's actions in order and
/// answers each with exactly one <c>subscribed</c> / <c>unsubscribed</c> / <c>pong</c> / <c>error</c>, so requests
/// wait in a queue in the order they were sent and an answer completes the oldest one it fits: <c>subscribed</c> of
/// the requested type, <c>unsubscribed</c> of the requested id, <c>pong</c> for a ping, <c>error</c> for any. Data,
/// heartbeats, and answers that fit no waiting request (an error the server sends on its own) are not answers: they go
/// to the message stream.
/// </summary>
internal sealed class RequestMatcher
{
    private readonly Queue<PendingRequest> _pending = new();
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Registers a request about to be sent (call in send order).</summary>
    public PendingRequest Add(StreamRequestKind kind, string? subscriptionType = null, string? subscriptionId = null)
    {
        var request = new PendingRequest(kind, subscriptionType, subscriptionId);
        lock (_gate)
        {
            _pending.Enqueue(request);
        }

        return request;
    }

    /// <summary>True when <paramref name="message"/> answered the oldest waiting request (which is then completed).</summary>
    public bool TryAnswer(StreamMessage message)
    {
        PendingRequest head;
        lock (_gate)
        {
            // A request whose caller gave up (cancelled) still holds its place until its answer arrives.
            if (!_pending.TryPeek(out head!) || !Fits(head, message))
            {
                return false;
            }

            _pending.Dequeue();
        }

        head.Complete(message);
        return true;
    }

    /// <summary>The connection is gone: every waiting request fails with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        List<PendingRequest> failed;
        lock (_gate)
        {
            failed = [.. _pending];
            _pending.Clear();
        }

        foreach (var request in failed)
        {
            request.Fail(error);
        }
    }

    private static bool Fits(PendingRequest request, StreamMessage message) => (request.Kind, message) switch
    {
        (_, StreamErrorMessage) => true,
        (StreamRequestKind.Subscribe, SubscribedMessage subscribed) => request.SubscriptionType is null || subscribed.SubscriptionType.Length == 0
            || string.Equals(subscribed.SubscriptionType, request.SubscriptionType, StringComparison.Ordinal),
        (StreamRequestKind.Unsubscribe, UnsubscribedMessage unsubscribed) => request.SubscriptionId is null
            || string.Equals(unsubscribed.SubscriptionId, request.SubscriptionId, StringComparison.Ordinal),
        (StreamRequestKind.Ping, PongMessage) => true,
        _ => false,
    };
}

/// <summary>One request waiting for its answer.</summary>
internal sealed class PendingRequest(StreamRequestKind kind, string? subscriptionType, string? subscriptionId)
{
    private readonly TaskCompletionSource<StreamMessage> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamRequestKind Kind { get; } = kind;

    public string? SubscriptionType { get; } = subscriptionType;

    public string? SubscriptionId { get; } = subscriptionId;

    public Task<StreamMessage> Answer => _answer.Task;

    public void Complete(StreamMessage message) => _answer.TrySetResult(message);

    public void Fail(Exception error) => _answer.TrySetException(error);
}
