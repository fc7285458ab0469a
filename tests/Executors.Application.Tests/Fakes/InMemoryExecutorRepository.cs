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

    /// <summary>The ids passed to <see cref="FindAsync"/> and <see cref="ExistsAsync"/>, in call order.</summary>
    public IReadOnlyList<string> Lookups => _lookups;

    /// <summary>The token passed to the latest <see cref="FindAsync"/> call.</summary>
    public CancellationToken LastCancellationToken { get; private set; }

    /// <summary>The scope passed to the latest <see cref="FindAsync"/> or <see cref="ExistsAsync"/> call.</summary>
    public AccountScope? LastScope { get; private set; }

    public Task<Executor?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _lookups.Add(executorId);
        LastCancellationToken = cancellationToken;
        LastScope = scope;
        var executor = _executors.GetValueOrDefault(executorId);
        return Task.FromResult(executor is not null && scope.Allows(executor.State.AccountName) ? executor : null);
    }

    public async Task<bool> ExistsAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) =>
        await FindAsync(executorId, scope, cancellationToken) is not null;

    public Task<Executor?> FindForUpdateAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) =>
        FindAsync(executorId, scope, cancellationToken);

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
