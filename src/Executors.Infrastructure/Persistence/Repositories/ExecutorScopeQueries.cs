using Executors.Domain.Executors;

namespace Executors.Infrastructure.Persistence.Repositories;

internal static class ExecutorScopeQueries
{
    /// <summary>The executors the caller may see at all: every one, or those of its accounts.</summary>
    public static IQueryable<Executor> Within(this IQueryable<Executor> executors, AccountScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsAll)
        {
            return executors;
        }

        var accounts = scope.Accounts;
        // Non-null first: EF Core then adds no "OR account_name IS NULL" branch, which no index can serve (ADR 11).
        return executors.Where(executor => executor.State.AccountName != null && accounts.Contains(executor.State.AccountName));
    }
}
