namespace Executors.Api.LiveUpdates;

/// <summary>
/// One read of a subscription's data, serialized once and shared by every subscriber that asked for it: the JSON of
/// <c>data</c> exactly as the REST route writes it, a log's entries one by one, or the error a subscriber is told.
/// </summary>
internal sealed class LiveSnapshot
{
    private LiveSnapshot(byte[]? data, int? totalCount, IReadOnlyList<byte[]>? entries, string? error)
    {
        Data = data;
        TotalCount = totalCount;
        Entries = entries;
        Error = error;
    }

    /// <summary>The <c>data</c> value's JSON (not for logs).</summary>
    public byte[]? Data { get; }

    /// <summary>The <c>total_count</c> sent beside the data (executors, executor_logs); null: none.</summary>
    public int? TotalCount { get; }

    /// <summary>executor_logs: each entry's JSON, oldest first.</summary>
    public IReadOnlyList<byte[]>? Entries { get; }

    /// <summary>What the subscriber is told instead of data (an unknown executor, an invalid parameter).</summary>
    public string? Error { get; }

    public static LiveSnapshot Of(byte[] data, int? totalCount = null) => new(data, totalCount, null, null);

    public static LiveSnapshot OfEntries(IReadOnlyList<byte[]> entries, int totalCount) => new(null, totalCount, entries, null);

    public static LiveSnapshot Failed(string error) => new(null, null, null, error);
}
