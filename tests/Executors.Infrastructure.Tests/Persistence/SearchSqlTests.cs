using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>
/// The statement a search sends: one round trip for the page and its count, with exactly the conditions asked for. A list filter on a
/// nullable column must reach PostgreSQL as a plain <c>= ANY</c> — without EF Core's compensation for a NULL inside the
/// list (the lists never hold one), which a generic plan of the prepared statement cannot use as an index condition.
/// </summary>
public sealed class SearchSqlTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
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
        var commands = new CapturedCommands();

        // Act
        var page = await SearchAsync(commands, Filter(filter, value, other));

        // Assert: one statement, the page with its count as a subquery, each with the one filter asked for (the caller
        // sees every account, so no other list condition) as "column = ANY (@list)", and nothing about NULLs in it.
        Assert.Equal(0, page.TotalCount);
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
        var commands = new CapturedCommands();

        // Act
        var page = await SearchAsync(commands, Filter(filter, value));

        // Assert: one statement; the page and its count each say "column = @parameter", which lets PostgreSQL walk the
        // column's list-order index in order (SearchPlanTests); no array, nothing about NULLs.
        Assert.Equal(0, page.TotalCount);
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
            Undated("a1").ForAccount("acct_a").Build(),
            Undated("b1").ForAccount("acct_b").Build(),
            Undated("c1").ForAccount("acct_c").Build(),
            Undated("n1").ForAccount(null).Build());
        var scope = AccountScope.Of(ScopeAccounts.Take(accounts));
        await using var services = Services.CreateAsyncScope();
        var store = services.ServiceProvider.GetRequiredService<IExecutorReadStore>();

        // Act
        var page = await store.ListAsync(new ExecutorFilter(), scope, after: null, limit: 10, lean: false, TestContext.Current.CancellationToken);
        var ofConnector = await store.ListAsync(new ExecutorFilter { ConnectorNames = ["kraken"] }, scope, after: null, limit: 10, lean: false, TestContext.Current.CancellationToken);

        // Assert
        string[] expected = [.. Visible.TakeLast(accounts)];
        Assert.Equal(expected, page.Rows.Select(row => row.ExecutorId));
        Assert.Equal(accounts, page.TotalCount);
        Assert.Equal(expected, ofConnector.Rows.Select(row => row.ExecutorId));
        Assert.Equal(accounts, ofConnector.TotalCount);
    }

    /// <summary>A position executor on kraken's BTC-USDT with neither timestamp (so listed by executor id).</summary>
    private static ExecutorBuilder Undated(string id) => new ExecutorBuilder(id).OnConnector("kraken").At(null);

    /// <summary>The filter the search request's list field <paramref name="field"/> (its JSON name) asks for.</summary>
    private static ExecutorFilter Filter(string field, params string[] values) => field switch
    {
        "connector_names" => new ExecutorFilter { ConnectorNames = values },
        "account_names" => new ExecutorFilter { AccountNames = values },
        "trading_pairs" => new ExecutorFilter { TradingPairs = values },
        "executor_types" => new ExecutorFilter { ExecutorTypes = values },
        "controller_ids" => new ExecutorFilter { ControllerIds = values },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>
    /// A page of 50 for a caller who sees every account (the search's reader), on the Infrastructure layer with
    /// <paramref name="commands"/> watching what it sends.
    /// </summary>
    private async Task<ExecutorListPage> SearchAsync(CapturedCommands commands, ExecutorFilter filter)
    {
        await using var services = InfrastructureOnDatabase.BuildServices(Database.ConnectionString, services =>
            services.ConfigureDbContext<ExecutorsDbContext>(options => options.AddInterceptors(commands)));
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IExecutorReadStore>();
        return await store.ListAsync(filter, AccountScope.All, after: null, limit: 50, lean: false, TestContext.Current.CancellationToken);
    }
}
