namespace Executors.Infrastructure.Persistence.LiveUpdates;

/// <summary>A stream ticket not yet redeemed: its SHA-256, its user, until when it is good.</summary>
internal sealed class StreamTicketRecord
{
    public byte[] TicketHash { get; private set; } = [];

    public string UserName { get; private set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; private set; }
}
