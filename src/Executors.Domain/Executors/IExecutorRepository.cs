namespace Executors.Domain.Executors;

/// <summary>The executor aggregate's store.</summary>
public interface IExecutorRepository
{
    /// <summary>
    /// The executor with this id if its account is within <paramref name="scope"/>, or <see langword="null"/> when
    /// there is none or it belongs to an account outside the scope (the caller cannot tell the two apart).
    /// </summary>
    Task<Executor?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken);

    /// <summary>Whether an executor with this id exists within <paramref name="scope"/> (nothing else is read).</summary>
    Task<bool> ExistsAsync(string executorId, AccountScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// The executor with this id, whatever its account, tracked so that <see cref="SaveAsync"/> stores what changes on
    /// it; the caller decides what an executor outside its scope means.
    /// </summary>
    Task<Executor?> FindForUpdateAsync(string executorId, CancellationToken cancellationToken);

    /// <summary>Stores a new executor.</summary>
    Task AddAsync(Executor executor, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the changes made to executors loaded with <see cref="FindForUpdateAsync"/>; fails when another writer
    /// changed one of them in between (optimistic concurrency on the record's version).
    /// </summary>
    Task SaveAsync(CancellationToken cancellationToken);
}
