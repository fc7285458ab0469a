using System.ComponentModel.DataAnnotations.Schema;
using Executors.Application.LiveUpdates;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.LiveUpdates;

/// <summary>
/// Tickets in <c>stream_tickets</c>. Redemption is one <c>DELETE … RETURNING</c>: of two processes redeeming one
/// ticket at once, exactly one gets the row. Run-out tickets are dropped a few at a time by each issue, so the table
/// stays as small as the tickets issued in the last lifetime, with no background job.
/// </summary>
internal sealed class StreamTickets : IStreamTickets
{
    /// <summary>At most this many run-out tickets are dropped per issue: an issue's cost stays bounded after a burst.</summary>
    public const int PurgeBatch = 100;

    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;

    public StreamTickets(ExecutorsDbContext db, DatabaseGuard guard)
    {
        _db = db;
        _guard = guard;
    }

    public Task IssueAsync(byte[] ticketHash, string userName, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        _guard.WriteAsync(
            () => _db.Database.ExecuteSqlAsync(
                $"""
                WITH purged AS (
                    DELETE FROM stream_tickets WHERE ticket_hash IN (
                        SELECT ticket_hash FROM stream_tickets WHERE expires_at <= {now} ORDER BY expires_at LIMIT {PurgeBatch}))
                INSERT INTO stream_tickets (ticket_hash, user_name, expires_at) VALUES ({ticketHash}, {userName}, {expiresAt})
                """,
                cancellationToken),
            cancellationToken);

    public async Task<string?> RedeemAsync(byte[] ticketHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Deleted whether or not it has run out: a run-out ticket is of no use to anyone.
        var redeemed = await _guard.WriteAsync(
            () => _db.Database
                .SqlQuery<RedeemedTicket>($"DELETE FROM stream_tickets WHERE ticket_hash = {ticketHash} RETURNING user_name, expires_at")
                .ToListAsync(cancellationToken),
            cancellationToken);
        return redeemed is [{ } ticket] && ticket.ExpiresAt > now ? ticket.UserName : null;
    }

    private sealed class RedeemedTicket
    {
        [Column("user_name")]
        public required string UserName { get; init; }

        [Column("expires_at")]
        public DateTimeOffset ExpiresAt { get; init; }
    }
}
