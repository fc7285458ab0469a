using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Persistence;

/// <summary>
/// The statement a search sends: one round trip for the page and its count, with exactly the conditions asked for. A list filter on a
/// nullable column must reach PostgreSQL as a plain <c>= ANY</c> — without EF Core's compensation for a NULL inside the
/// list (the lists never hold one), which a generic plan of the prepared statement cannot use as an index condition.
/// </summary>
public sealed class SearchSqlTests(PostgresServer postgres) : DatabaseTest(postgres)
{
    private static readonly string[] ScopeAccounts = ["acct_a", "acct_b"];

    /// <summary>The executors of <see cref="ScopeAccounts"/> in list order (no creation time: executor id descending).</summary>
    private static readonly string[] Visible = ["b1", "a1"];

    [Theory]
    [InlineData("connector_names", "kraken", "kucoin", "connector_name")]
    [InlineData("account_names", "acct", "acct2", "account_name")]
    [InlineData("trading_pairs", "BTC-USDT", "ETH-USDT", "trading_pair")]
    [InlineData("executor_types", "grid_executor", "dca_executor", "executor_type")]
    [InlineData("controller_ids", "c1", "c2", "controller_id")]
    public async Task Search_ListFilter_SentAsPlainAnyWithoutNullCompensation(string filter, string value, string other, string column)
    {
        // Arrange
        var commands = new CapturedSelects();
        await using var api = new ApiFactory(Postgres.ConnectionString, services: services =>
            services.ConfigureDbContext<ExecutorsDbContext>(options => options.AddInterceptors(commands)));
        using var client = api.CreateReaderClient();
        using var body = JsonContent.Create(new Dictionary<string, object> { [filter] = new[] { value, other }, ["limit"] = 50 });

        // Act
        using var response = await client.PostAsync("/executors/search", body, TestContext.Current.CancellationToken);

        // Assert: one statement, the page with its count as a subquery, each with the one filter asked for (the reader
        // sees every account, so no other list condition) as "column = ANY (@list)", and nothing about NULLs in it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sql = Assert.Single(commands.Texts);
        Assert.Contains("count(*)", sql, StringComparison.Ordinal);
        Assert.Equal(2, sql.Split($"e.{column} = ANY (").Length - 1 + sql.Split($"e0.{column} = ANY (").Length - 1);
        Assert.Equal(2, sql.Split("= ANY (").Length - 1);
        Assert.DoesNotContain("array_position", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("status =", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("connector_names", "kraken", "connector_name")]
    [InlineData("account_names", "acct", "account_name")]
    [InlineData("trading_pairs", "BTC-USDT", "trading_pair")]
    [InlineData("executor_types", "grid_executor", "executor_type")]
    [InlineData("controller_ids", "c1", "controller_id")]
    public async Task Search_ListFilterOfOneValue_SentAsPlainEquality(string filter, string value, string column)
    {
        // Arrange
        var commands = new CapturedSelects();
        await using var api = new ApiFactory(Postgres.ConnectionString, services: services =>
            services.ConfigureDbContext<ExecutorsDbContext>(options => options.AddInterceptors(commands)));
        using var client = api.CreateReaderClient();
        using var body = JsonContent.Create(new Dictionary<string, object> { [filter] = new[] { value }, ["limit"] = 50 });

        // Act
        using var response = await client.PostAsync("/executors/search", body, TestContext.Current.CancellationToken);

        // Assert: one statement; the page and its count each say "column = @parameter", which lets PostgreSQL walk the
        // column's list-order index in order (SearchPlanTests); no array, nothing about NULLs.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sql = Assert.Single(commands.Texts);
        Assert.Contains("count(*)", sql, StringComparison.Ordinal);
        Assert.Equal(2, sql.Split($"e.{column} = @").Length - 1);
        Assert.DoesNotContain("ANY", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("array_position", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("IS NULL", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task List_RestrictedScope_SeesOnlyItsAccounts_NoneWhenItHasNone(int accounts)
    {
        // Arrange: a restricted caller's scope is a condition even when it names no account at all.
        await StoreAsync(
            Executor.Create("a1", ExecutorTypes.Position, "acct_a", "kraken", "BTC-USDT"),
            Executor.Create("b1", ExecutorTypes.Position, "acct_b", "kraken", "BTC-USDT"),
            Executor.Create("c1", ExecutorTypes.Position, "acct_c", "kraken", "BTC-USDT"),
            Executor.Create("n1", ExecutorTypes.Position, null, "kraken", "BTC-USDT"));
        var scope = AccountScope.Of(ScopeAccounts.Take(accounts));
        await using var services = Api.Services.CreateAsyncScope();
        var store = services.ServiceProvider.GetRequiredService<IExecutorReadStore>();

        // Act
        var page = await store.ListAsync(new ExecutorFilter(), scope, after: null, limit: 10, TestContext.Current.CancellationToken);
        var ofConnector = await store.ListAsync(new ExecutorFilter { ConnectorNames = ["kraken"] }, scope, after: null, limit: 10, TestContext.Current.CancellationToken);

        // Assert
        string[] expected = [.. Visible.TakeLast(accounts)];
        Assert.Equal(expected, page.Rows.Select(row => row.ExecutorId));
        Assert.Equal(accounts, page.TotalCount);
        Assert.Equal(expected, ofConnector.Rows.Select(row => row.ExecutorId));
        Assert.Equal(accounts, ofConnector.TotalCount);
    }

    /// <summary>The SELECTs the API sent.</summary>
    private sealed class CapturedSelects : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _commands = new();

        public IEnumerable<string> Texts => _commands;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(command);
            _commands.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(command);
            _commands.Enqueue(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
