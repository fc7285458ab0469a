using Executors.Domain.Executors;

namespace Executors.Application.Tests.Fakes;

/// <summary>An <see cref="IExecutorRepository"/> over a dictionary that records every lookup it is asked for.</summary>
internal sealed class InMemoryExecutorRepository : IExecutorRepository
{
    private readonly Dictionary<string, Executor> _executors = new(StringComparer.Ordinal);
    private readonly List<string> _lookups = [];

    public InMemoryExecutorRepository(params Executor[] executors)
    {
        foreach (var executor in executors)
        {
            _executors.Add(executor.ExecutorId, executor);
        }
    }

    /// <summary>The ids passed to <see cref="FindAsync"/>, in call order.</summary>
    public IReadOnlyList<string> Lookups => _lookups;

    /// <summary>The token passed to the latest <see cref="FindAsync"/> call.</summary>
    public CancellationToken LastCancellationToken { get; private set; }

    public Task<Executor?> FindAsync(string executorId, CancellationToken cancellationToken)
    {
        _lookups.Add(executorId);
        LastCancellationToken = cancellationToken;
        return Task.FromResult(_executors.GetValueOrDefault(executorId));
    }

    public Task<Executor?> FindForUpdateAsync(string executorId, CancellationToken cancellationToken) =>
        FindAsync(executorId, cancellationToken);

    /// <summary>How many times <see cref="SaveAsync"/> was called.</summary>
    public int Saves { get; private set; }

    public Task SaveAsync(CancellationToken cancellationToken)
    {
        Saves++;
        return Task.CompletedTask;
    }

    public Task AddAsync(Executor executor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executors.Add(executor.ExecutorId, executor);
        return Task.CompletedTask;
    }
}
