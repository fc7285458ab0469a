using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

internal sealed class ExecutorLogRepository : IExecutorLogRepository
{
    private readonly ExecutorsDbContext _db;
    private readonly Replicas.ReadDatabase _reads;
    private readonly DatabaseGuard _guard;

    public ExecutorLogRepository(ExecutorsDbContext db, Replicas.ReadDatabase reads, DatabaseGuard guard)
    {
        _db = db;
        _reads = reads;
        _guard = guard;
    }

    public Task AppendAsync(string executorId, IReadOnlyList<ExecutorLogEntry> entries, int keep, CancellationToken cancellationToken) =>
        _guard.WriteAsync(
            async () =>
            {
                // In the command's unit of work, with the executor locked: no other append runs between the insert and
                // the trim.
                _db.ExecutorLogs.AddRange(entries);
                await _db.SaveChangesAsync(cancellationToken);

                // Bounded: the oldest entries beyond the newest `keep` go, so a noisy executor cannot grow without limit.
                var cutoff = await _db.ExecutorLogs.AsNoTracking()
                    .Where(entry => entry.ExecutorId == executorId)
                    .OrderByDescending(entry => entry.Timestamp).ThenByDescending(entry => entry.Id)
                    .Skip(keep)
                    .Select(entry => new { entry.Timestamp, entry.Id })
                    .FirstOrDefaultAsync(cancellationToken);
                if (cutoff is not null)
                {
                    await _db.ExecutorLogs
                        .Where(entry => entry.ExecutorId == executorId
                            && (entry.Timestamp < cutoff.Timestamp || (entry.Timestamp == cutoff.Timestamp && entry.Id <= cutoff.Id)))
                        .ExecuteDeleteAsync(cancellationToken);
                }

                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<ExecutorLogEntry>> ListAsync(string executorId, ExecutorLogLevel? level, int limit, CancellationToken cancellationToken) =>
        _guard.ReadAsync(
            async () =>
            {
                var newest = await Of(await _reads.ContextAsync(cancellationToken), executorId, level)
                    .OrderByDescending(entry => entry.Timestamp).ThenByDescending(entry => entry.Id)
                    .Take(limit)
                    .ToListAsync(cancellationToken);
                newest.Reverse();
                return (IReadOnlyList<ExecutorLogEntry>)newest;
            },
            cancellationToken);

    public Task<int> CountAsync(string executorId, ExecutorLogLevel? level, CancellationToken cancellationToken) =>
        _guard.ReadAsync(async () => await Of(await _reads.ContextAsync(cancellationToken), executorId, level).CountAsync(cancellationToken), cancellationToken);

    private static IQueryable<ExecutorLogEntry> Of(ExecutorsDbContext db, string executorId, ExecutorLogLevel? level)
    {
        var entries = db.ExecutorLogs.AsNoTracking().Where(entry => entry.ExecutorId == executorId);
        return level is { } wanted ? entries.Where(entry => entry.Level == wanted) : entries;
    }
}
