namespace Executors.Application.LiveUpdates;

/// <summary>
/// Stream tickets in the database, so that any API process redeems a ticket another issued. Only a ticket's SHA-256
/// hash is stored: a copy of the table grants nothing.
/// </summary>
public interface IStreamTickets
{
    /// <summary>Records a ticket (by its hash) for <paramref name="userName"/> until <paramref name="expiresAt"/>, and drops some run-out ones.</summary>
    Task IssueAsync(byte[] ticketHash, string userName, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the ticket out (one atomic <c>DELETE … RETURNING</c>, so it is redeemed once whoever else tries at the same
    /// moment) and answers whose it was; null when unknown, already used, or run out.
    /// </summary>
    Task<string?> RedeemAsync(byte[] ticketHash, DateTimeOffset now, CancellationToken cancellationToken);
}
