namespace Executors.Api.LiveUpdates;

/// <summary>Server-Sent Events (<c>LiveUpdates</c> section).</summary>
internal sealed class EventStreamOptions
{
    public const string SectionName = "LiveUpdates";

    /// <summary>How often an idle stream sends a <c>: keep-alive</c> comment (default 15 seconds).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a stream waits at its start for the change feed to be listening (default 5 seconds), so no write after its first read is missed.</summary>
    public TimeSpan FeedWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
