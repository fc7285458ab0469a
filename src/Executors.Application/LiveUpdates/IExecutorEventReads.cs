using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;

namespace Executors.Application.LiveUpdates;

/// <summary>
/// The reads behind the event streams, each in one snapshot whose <c>xmin</c> comes back as its resume mark (ADR 16): every
/// transaction below the mark had finished when the rows were read, so "rows whose <c>change_xid</c> is at least the
/// mark" holds everything a stream that sent these rows may not have seen.
/// </summary>
public interface IExecutorEventReads
{
    /// <summary>
    /// The executors within <paramref name="scope"/> matching <paramref name="filter"/> (and <paramref name="executorId"/>
    /// when given), only those written by a transaction at or after <paramref name="since"/> when given; and the read's mark.
    /// </summary>
    Task<MarkedRead<Executor>> ReadExecutorsAsync(string? executorId, ExecutorFilter filter, AccountScope scope, ulong? since, CancellationToken cancellationToken);

    /// <summary>The pending stop requests (not TERMINATED) of the executors within <paramref name="scope"/> whose lease names <paramref name="engineId"/>; and the read's mark.</summary>
    Task<MarkedRead<StopRequestedEvent>> ReadStopRequestsAsync(string engineId, AccountScope scope, CancellationToken cancellationToken);
}

/// <summary>Rows read in one snapshot, and that snapshot's xmin (<see cref="Mark"/>).</summary>
public sealed record MarkedRead<T>(ulong Mark, IReadOnlyList<T> Rows);
