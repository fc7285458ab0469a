using Executors.Application.Engines;
using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Executors.Infrastructure.Persistence.Engines;

/// <summary>
/// Leases in <c>executor_leases</c>, one row per executor. A claim is one statement: it picks claimable executors
/// with <c>FOR UPDATE … SKIP LOCKED</c> under the <c>LIMIT</c> (two engines claiming at once pass each other by, and
/// the limit counts only rows this claim could lock) and writes their leases with
/// <c>ON CONFLICT … DO UPDATE … WHERE</c> the existing lease has expired — so even an executor a racing engine leased a
/// moment ago, between this statement's snapshot and its lock, is never leased twice: it is simply not returned.
/// </summary>
internal sealed class ExecutorLeases : IExecutorLeases
{
    private static readonly string NotStarted = WireCodes.ToCode(ExecutorStatus.NotStarted);
    private static readonly string Terminated = WireCodes.ToCode(ExecutorStatus.Terminated);

    private readonly ExecutorsDbContext _db;

    public ExecutorLeases(ExecutorsDbContext db)
    {
        _db = db;
    }

    public async Task<IReadOnlyList<Executor>> ClaimAsync(string engineId, AccountScope scope, int limit, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var within = ExecutorSearchSql.For(new ExecutorFilter(), scope);
        var sql = $"""
            WITH locked AS (
                SELECT m.executor_id
                FROM ({within.Matching}) AS m
                LEFT JOIN executor_leases AS l ON l.executor_id = m.executor_id
                WHERE m.status <> '{Terminated}'
                  AND ((l.executor_id IS NULL AND m.status = '{NotStarted}') OR l.lease_expires_at <= @now)
                ORDER BY m.sort_at, m.executor_id
                LIMIT @limit
                FOR UPDATE OF m SKIP LOCKED
            )
            INSERT INTO executor_leases (executor_id, engine_id, claimed_at, lease_expires_at)
            SELECT executor_id, @engine, @now, @expires FROM locked
            ON CONFLICT (executor_id) DO UPDATE
                SET engine_id = EXCLUDED.engine_id, claimed_at = EXCLUDED.claimed_at, lease_expires_at = EXCLUDED.lease_expires_at
                WHERE executor_leases.lease_expires_at <= @now
            RETURNING executor_id
            """;
        object[] parameters =
        [
            .. within.MatchingParameters(),
            new NpgsqlParameter<string>("engine", engineId),
            new NpgsqlParameter<DateTimeOffset>("now", now),
            new NpgsqlParameter<DateTimeOffset>("expires", expires),
            new NpgsqlParameter<int>("limit", limit),
        ];
        var ids = await _db.Database.SqlQueryRaw<string>(sql, parameters).ToListAsync(cancellationToken);
        var executors = await _db.Executors.AsNoTracking().Where(executor => ids.Contains(executor.ExecutorId)).ToListAsync(cancellationToken);
        return [.. InListOrder(executors)];
    }

    public Task<int> RenewAsync(string engineId, AccountScope scope, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        // The scope's conditions are the search's own text with named parameters: nothing of the request is in it.
        var within = ExecutorSearchSql.For(new ExecutorFilter(), scope);
        var sql = $"""
            UPDATE executor_leases AS l SET lease_expires_at = @expires
            WHERE l.engine_id = @engine AND l.executor_id IN (SELECT m.executor_id FROM ({within.Matching}) AS m WHERE m.status <> '{Terminated}')
            """;
        return _db.Database.ExecuteSqlRawAsync(
            sql,
            [.. within.MatchingParameters(), new NpgsqlParameter<string>("engine", engineId), new NpgsqlParameter<DateTimeOffset>("expires", expires)],
            cancellationToken);
    }

    public async Task<IReadOnlyList<(Executor Executor, DateTimeOffset LeaseExpiresAt)>> HeldAsync(string engineId, AccountScope scope, CancellationToken cancellationToken)
    {
        // One query: the engine's leases joined to the executors within the caller's accounts that are still running.
        var held = await (
                from lease in _db.Set<ExecutorLeaseRecord>().AsNoTracking().Where(lease => lease.EngineId == engineId)
                join executor in _db.Executors.AsNoTracking().Within(scope).Where(executor => executor.State.Status != ExecutorStatus.Terminated)
                    on lease.ExecutorId equals executor.ExecutorId
                select new { Executor = executor, lease.LeaseExpiresAt })
            .ToListAsync(cancellationToken);
        var expiry = held.ToDictionary(item => item.Executor.ExecutorId, item => item.LeaseExpiresAt, StringComparer.Ordinal);
        return [.. InListOrder(held.Select(item => item.Executor)).Select(executor => (executor, expiry[executor.ExecutorId]))];
    }

    /// <summary>Oldest first, as claims take them.</summary>
    private static IEnumerable<Executor> InListOrder(IEnumerable<Executor> executors) =>
        executors.OrderBy(executor => executor.State.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(executor => executor.ExecutorId, StringComparer.Ordinal);
}
