using Executors.Application.Executors.Queries;
using Executors.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace Executors.Infrastructure.Persistence.Repositories;

/// <summary>
/// Runs the search's statements (<see cref="ExecutorSearchSql"/>) through EF Core, which turns the rows into untracked
/// <see cref="Domain.Executors.Executor"/>s — the same materialization, value conversions included, as everywhere
/// else — so nothing here names the executor's fields.
/// </summary>
/// <remarks>
/// The page and its total are one statement, one round trip, one snapshot: EF Core wraps the page's text as a subquery
/// and adds the count of the matching executors as an uncorrelated scalar subquery, which PostgreSQL runs once.
/// </remarks>
internal static class ExecutorSearchQueries
{
    /// <summary>
    /// The page <paramref name="sql"/> describes, after <paramref name="after"/>, up to <paramref name="take"/> rows, each
    /// with its sort key and the number of matching executors in all; without config and custom_info when
    /// <paramref name="lean"/>.
    /// </summary>
    public static IAsyncEnumerable<ExecutorSearchRow> Page(ExecutorsDbContext db, ExecutorSearchSql sql, ExecutorListPosition? after, int take, bool lean)
    {
        // The count's text carries no parameters of its own: it is part of the page's command, whose parameters include
        // every one the matching conditions name.
        var matching = db.Executors.FromSqlRaw(sql.Matching);
        return db.Executors
            .FromSqlRaw(sql.Page(ExecutorListColumns.Of(db.Model, lean), after), sql.PageParameters(after, take))
            .Select(executor => new ExecutorSearchRow
            {
                Executor = executor,
                SortAt = EF.Property<DateTimeOffset>(executor, ExecutorConfiguration.SortAt),
                Total = matching.Count(),
            })
            .AsNoTracking()
            .AsAsyncEnumerable();
    }

    /// <summary>How many executors <paramref name="sql"/> matches.</summary>
    public static Task<int> CountAsync(ExecutorsDbContext db, ExecutorSearchSql sql, CancellationToken cancellationToken) =>
        db.Executors.FromSqlRaw(sql.Matching, sql.MatchingParameters()).CountAsync(cancellationToken);
}
