namespace Executors.Application.LiveUpdates;

/// <summary>Stream tickets (<c>LiveUpdates</c> section): how long a ticket is good for.</summary>
public sealed class StreamTicketOptions
{
    public const string SectionName = "LiveUpdates";

    /// <summary>How long an issued ticket can be redeemed (default 30 seconds).</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
