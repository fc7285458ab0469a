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
    /// The executor with this id if its account is within <paramref name="scope"/> (else <see langword="null"/>, as
    /// <see cref="FindAsync"/>), tracked so that <see cref="SaveAsync"/> stores what changes on it, and locked for the
    /// rest of the unit of work: another writer of the same executor waits until this one has committed, then reads
    /// what it committed. Only inside a unit of work (a command).
    /// </summary>
    Task<Executor?> FindForUpdateAsync(string executorId, AccountScope scope, CancellationToken cancellationToken);

    /// <summary>Stores a new executor (fails when the id is taken: inside a unit of work that is a lost race, retried).</summary>
    Task AddAsync(Executor executor, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the changes made to executors loaded with <see cref="FindForUpdateAsync"/>, each one's
    /// <see cref="Executor.Version"/> one higher; fails when another writer changed one of them in between (optimistic
    /// concurrency on the version, the last defence behind the lock).
    /// </summary>
    Task SaveAsync(CancellationToken cancellationToken);
}
