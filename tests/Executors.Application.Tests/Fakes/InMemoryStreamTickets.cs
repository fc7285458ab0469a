using Executors.Application.LiveUpdates;

namespace Executors.Application.Tests.Fakes;

/// <summary>Tickets by hash, redeemed once, as the store keeps them (single-threaded).</summary>
internal sealed class InMemoryStreamTickets : IStreamTickets
{
    private readonly Dictionary<string, (string UserName, DateTimeOffset ExpiresAt)> _tickets = new(StringComparer.Ordinal);

    public int Count => _tickets.Count;

    public Task IssueAsync(byte[] ticketHash, string userName, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _tickets.Add(Convert.ToHexString(ticketHash), (userName, expiresAt));
        return Task.CompletedTask;
    }

    public Task<string?> RedeemAsync(byte[] ticketHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_tickets.Remove(Convert.ToHexString(ticketHash), out var ticket) && ticket.ExpiresAt > now ? ticket.UserName : null);
}
