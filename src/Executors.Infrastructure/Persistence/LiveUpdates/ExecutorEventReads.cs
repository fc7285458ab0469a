using System.ComponentModel.DataAnnotations.Schema;
using System.Data;
using System.Globalization;
using Executors.Application.Executors.Queries;
using Executors.Application.LiveUpdates;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Executors.Infrastructure.Persistence.LiveUpdates;

/// <summary>
/// The event streams' reads: each one REPEATABLE READ, read-only transaction whose first statement takes the snapshot
/// and answers its <c>xmin</c> (the mark), so the rows that follow are exactly what that snapshot shows (ADR 16). The
/// conditions are the search's own (<see cref="ExecutorSearchSql"/>): scope and filters read the same as everywhere.
/// </summary>
internal sealed class ExecutorEventReads : IExecutorEventReads
{
    private static readonly string Terminated = WireCodes.ToCode(ExecutorStatus.Terminated);

    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;

    public ExecutorEventReads(ExecutorsDbContext db, DatabaseGuard guard)
    {
        _db = db;
        _guard = guard;
    }

    public Task<MarkedRead<Executor>> ReadExecutorsAsync(string? executorId, ExecutorFilter filter, AccountScope scope, ulong? since, CancellationToken cancellationToken)
    {
        var matching = ExecutorSearchSql.For(filter, scope);
        var conditions = new List<string>(2);
        var parameters = new List<object>(matching.MatchingParameters());
        if (executorId is not null)
        {
            conditions.Add("e.executor_id = @stream_executor_id");
            parameters.Add(new NpgsqlParameter<string>("stream_executor_id", executorId));
        }

        if (since is { } mark)
        {
            // No index on change_xid (a HOT update per write matters more): the matching rows are scanned.
            conditions.Add("e.change_xid >= CAST(@stream_since AS xid8)");
            parameters.Add(new NpgsqlParameter<string>("stream_since", mark.ToString(CultureInfo.InvariantCulture)));
        }

        // The columns as the search names them for EF Core (the state's under their default names, dotnet/efcore#34818).
        var sql = $"SELECT {ExecutorListColumns.Of(_db.Model, lean: false)} FROM ({matching.Matching}) AS e{(conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions))}";
        return InSnapshotAsync(
            async () =>
            {
                var rows = await _db.Executors.FromSqlRaw(sql, [.. parameters]).AsNoTracking().ToListAsync(cancellationToken);
                return (IReadOnlyList<Executor>)[.. rows
                    .OrderBy(executor => executor.State.CreatedAt ?? DateTimeOffset.MinValue)
                    .ThenBy(executor => executor.ExecutorId, StringComparer.Ordinal)];
            },
            cancellationToken);
    }

    public Task<MarkedRead<StopRequestedEvent>> ReadStopRequestsAsync(string engineId, AccountScope scope, CancellationToken cancellationToken)
    {
        var within = ExecutorSearchSql.For(new ExecutorFilter(), scope);
        var sql = $"""
            SELECT m.executor_id, m.stop_requested_at, m.stop_keep_position
            FROM ({within.Matching}) AS m
            JOIN executor_leases AS l ON l.executor_id = m.executor_id
            WHERE l.engine_id = @stream_engine AND m.stop_requested_at IS NOT NULL AND m.status <> '{Terminated}'
            ORDER BY m.stop_requested_at, m.executor_id
            """;
        return InSnapshotAsync(
            async () =>
            {
                var rows = await _db.Database
                    .SqlQueryRaw<StopRequestRow>(sql, [.. within.MatchingParameters(), new NpgsqlParameter<string>("stream_engine", engineId)])
                    .ToListAsync(cancellationToken);
                return (IReadOnlyList<StopRequestedEvent>)[.. rows.Select(row => new StopRequestedEvent
                {
                    ExecutorId = row.ExecutorId,
                    StopRequestedAt = row.StopRequestedAt,
                    KeepPosition = row.StopKeepPosition,
                })];
            },
            cancellationToken);
    }

    private Task<MarkedRead<T>> InSnapshotAsync<T>(Func<Task<IReadOnlyList<T>>> read, CancellationToken cancellationToken) =>
        _guard.ReadAsync(
            async () =>
            {
                await using var transaction = await _db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
                await _db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", cancellationToken);
                var mark = await _db.Database
                    .SqlQueryRaw<string>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS \"Value\"")
                    .SingleAsync(cancellationToken);
                var rows = await read();
                await transaction.CommitAsync(cancellationToken);
                return new MarkedRead<T>(ulong.Parse(mark, NumberStyles.None, CultureInfo.InvariantCulture), rows);
            },
            cancellationToken);

    private sealed class StopRequestRow
    {
        [Column("executor_id")]
        public required string ExecutorId { get; init; }

        [Column("stop_requested_at")]
        public DateTimeOffset StopRequestedAt { get; init; }

        [Column("stop_keep_position")]
        public bool StopKeepPosition { get; init; }
    }
}
