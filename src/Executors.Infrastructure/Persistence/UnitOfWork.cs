using Executors.Application.Common.Exceptions;
using Executors.Application.Common.Persistence;
using Microsoft.Extensions.Logging;

namespace Executors.Infrastructure.Persistence;

/// <summary>
/// A command's unit of work on the request's <see cref="ExecutorsDbContext"/>: one READ COMMITTED transaction around
/// the whole handler, committed when it returns. Writers lock the executor they change
/// (<c>ExecutorRepository.FindForUpdateAsync</c>), so two writers of one executor take turns rather than fail; what is
/// left is a race no lock can prevent — two creates of the same new id, a deadlock — and that is retried as a whole,
/// on a clean context, where the work sees what the winner committed. See <c>docs/adr/0012-concurrent-writes.md</c>.
/// </summary>
internal sealed partial class UnitOfWork : IUnitOfWork
{
    /// <summary>Runs of the work at most: a lost race is rare, losing it this often means something else is wrong.</summary>
    public const int MaxAttempts = 5;

    private readonly ExecutorsDbContext _db;
    private readonly DatabaseGuard _guard;
    private readonly Replicas.WritePositions _positions;
    private readonly ILogger<UnitOfWork> _logger;

    public UnitOfWork(ExecutorsDbContext db, DatabaseGuard guard, Replicas.WritePositions positions, ILogger<UnitOfWork> logger)
    {
        _db = db;
        _positions = positions;
        _guard = guard;
        _logger = logger;
    }

    public async Task<T> ExecuteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await _guard.WriteAsync(() => _db.Database.BeginTransactionAsync(cancellationToken), cancellationToken);
                var result = await work();
                await _guard.WriteAsync(
                    async () =>
                    {
                        await _db.SaveChangesAsync(cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                        return true;
                    },
                    cancellationToken);
                await RecordPositionAsync(cancellationToken);
                return result;
            }
            catch (Exception exception) when (DatabaseFailures.IsLostRace(exception))
            {
                // The transaction is rolled back (disposed); nothing loaded in it may be trusted any more.
                _db.ChangeTracker.Clear();
                if (attempt == MaxAttempts)
                {
                    LogGaveUp(attempt, exception);
                    throw new ConflictException("The executor was changed by other requests too often meanwhile; retry.", exception);
                }

                LogRetrying(attempt, exception);
            }
        }
    }

    /// <summary>
    /// The commit's WAL position for read-your-writes (only with reads on standbys). The write is committed whatever
    /// happens here: a failure to read the position is logged and the answer goes without it, rather than turning a
    /// durable write into an error its client would retry.
    /// </summary>
    private async Task RecordPositionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _positions.AfterCommitAsync(_db, cancellationToken);
        }
        catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) || exception is OperationCanceledException)
        {
            LogNoPosition(exception);
        }
    }

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "A write committed, but its WAL position could not be read; its answer carries no X-Executors-Lsn")]
    private partial void LogNoPosition(Exception exception);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "A write lost a race with another writer (attempt {Attempt}); running it again")]
    private partial void LogRetrying(int attempt, Exception exception);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "A write lost a race with other writers {Attempts} times; answered 409")]
    private partial void LogGaveUp(int attempts, Exception exception);
}
