namespace Executors.Domain.Executors;

/// <summary>The executor aggregate's store.</summary>
public interface IExecutorRepository
{
    /// <summary>The executor with this id, or <see langword="null"/> when there is none.</summary>
    Task<Executor?> FindAsync(string executorId, CancellationToken cancellationToken);

    /// <summary>The executor with this id, tracked so that <see cref="SaveAsync"/> stores what changes on it.</summary>
    Task<Executor?> FindForUpdateAsync(string executorId, CancellationToken cancellationToken);

    /// <summary>Stores a new executor.</summary>
    Task AddAsync(Executor executor, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the changes made to executors loaded with <see cref="FindForUpdateAsync"/>; fails when another writer
    /// changed one of them in between (optimistic concurrency on the record's version).
    /// </summary>
    Task SaveAsync(CancellationToken cancellationToken);
}
