namespace Executors.Application.Common.Persistence;

/// <summary>
/// One command's writes as one database transaction. Repositories' reads and writes inside
/// <see cref="ExecuteAsync{T}"/> take part in it; it commits when the work returns and rolls back when it throws.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it. When the store reports that the work lost a race it
    /// could not have seen coming — another writer created the same record first, a deadlock, a serialization failure —
    /// the transaction is rolled back, everything loaded is forgotten, and the work runs again from the start (a few
    /// times at most, then <see cref="Exceptions.ConflictException"/>). The work must therefore be safe to repeat: it
    /// reads what it needs inside, and nothing it did in a rolled-back attempt remains.
    /// </summary>
    Task<T> ExecuteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken);
}
