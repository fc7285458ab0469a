using Executors.Application.Common.Security;
using Executors.Domain.Executors;

namespace Executors.Benchmarks.Micro;

/// <summary>A store that answers every lookup with one pre-built aggregate: the pipeline without a database.</summary>
internal sealed class PrebuiltExecutorRepository(Executor executor) : IExecutorRepository
{
    private readonly Task<Executor?> _found = Task.FromResult<Executor?>(executor);

    public Task<Executor?> FindAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) => _found;

    public Task<bool> ExistsAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<Executor?> FindForUpdateAsync(string executorId, AccountScope scope, CancellationToken cancellationToken) => _found;

    public Task AddAsync(Executor executor, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>A caller who may see every account.</summary>
internal sealed class EveryAccountUser : ICurrentUser
{
    public AccountScope Accounts => AccountScope.All;

    public string Name => "benchmark";
}
