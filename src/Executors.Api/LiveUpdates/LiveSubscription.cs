using Executors.Application.LiveUpdates;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// One subscription of one connection: what it reads, which change it has seen last and what it sent last. The change
/// feed's thread only raises <see cref="DirtySequence"/>; everything else belongs to the connection.
/// </summary>
internal sealed class LiveSubscription(LiveQuery query)
{
    private long _dirtySequence;

    public LiveQuery Query { get; } = query;

    public string Id => Query.SubscriptionId;

    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(query.UpdateInterval);

    /// <summary>The last relevant change heard.</summary>
    public long DirtySequence => Volatile.Read(ref _dirtySequence);

    /// <summary>The change the last read (or the first snapshot) was made after: newer changes make it dirty.</summary>
    public long SeenSequence { get; set; }

    /// <summary>Serving: its first snapshot was sent (changes heard before are still recorded, and read once it is).</summary>
    public bool Active { get; set; }

    /// <summary>Unsubscribed or replaced: nothing more is sent for it.</summary>
    public volatile bool Removed;

    /// <summary>When it was last re-read because of a change (the rate limit counts from here); null: not since the snapshot.</summary>
    public long? LastReadAt { get; set; }

    public byte[]? LastData { get; set; }

    public int? LastTotalCount { get; set; }

    public string? LastError { get; set; }

    /// <summary>executor_logs: the entries of the last read (each entry's JSON, with how often it occurs).</summary>
    public Dictionary<string, int>? LogEntries { get; set; }

    public bool IsDirty => DirtySequence > SeenSequence;

    /// <summary>Called on the change feed's thread: record that a newer state exists.</summary>
    public bool Offer(ExecutorChange change, IReadOnlySet<string>? visible)
    {
        if (Removed || !Query.IsAffectedBy(change, visible))
        {
            return false;
        }

        if (change.Sequence > Volatile.Read(ref _dirtySequence))
        {
            Volatile.Write(ref _dirtySequence, change.Sequence);
        }

        return true;
    }
}
