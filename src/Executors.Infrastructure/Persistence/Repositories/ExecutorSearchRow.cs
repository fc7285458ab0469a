using Executors.Domain.Executors;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>A row of a search's page: the executor, its place in the list order, and how many executors match in all.</summary>
internal sealed class ExecutorSearchRow
{
    public required Executor Executor { get; init; }

    /// <summary>The list order's key (column <c>sort_at</c>): what the next page's cursor starts after.</summary>
    public DateTimeOffset SortAt { get; init; }

    public int Total { get; init; }
}
