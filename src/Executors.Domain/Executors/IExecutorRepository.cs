namespace Executors.Domain.Executors;

/// <summary>The executor aggregate's store.</summary>
public interface IExecutorRepository
{
    /// <summary>The executor with this id, or <see langword="null"/> when there is none.</summary>
    Task<Executor?> FindAsync(string executorId, CancellationToken cancellationToken);

    /// <summary>Stores a new executor.</summary>
    Task AddAsync(Executor executor, CancellationToken cancellationToken);
}
