using Executors.Application.Executors.Queries;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Repositories;
using Executors.Infrastructure.Tests.Support;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>
/// Each shape of search sends only its own conditions, and PostgreSQL answers each with the index made for it
/// (<c>ix_executors_{column}_list_order</c>, or <c>ix_executors_list_order</c> with no filter): the page, with and
/// without a cursor, walked in list order without a sort, and the count. Filters of one value, the common search (and
/// the benchmark's); a list of several is an <c>= ANY</c>, which PostgreSQL 15 cannot walk in an index's order. Which plan is cheapest depends on the data, so the test asks "can this condition
/// drive that index?" rather than "is the index worth it on this little data?": sequential scans and sorts are turned
/// off, and for a filtered page the unfiltered list-order index is dropped (in a transaction rolled back), leaving the
/// column's index as the one ordered path. A condition PostgreSQL cannot use as an index condition (a catch-all
/// "@p IS NULL OR …", an "OR column IS NULL" branch) would show as a filter or a sort instead of an Index Cond.
/// </summary>
public sealed class SearchPlanTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    private static readonly string[] OneValue = ["x"];

    private static readonly ExecutorListPosition After = new(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), "zzz");

    public static TheoryData<string, string> Shapes() => new()
    {
        { "none", "ix_executors_list_order" },
        { "account_names", "ix_executors_account_name_list_order" },
        { "connector_names", "ix_executors_connector_name_list_order" },
        { "trading_pairs", "ix_executors_trading_pair_list_order" },
        { "executor_types", "ix_executors_executor_type_list_order" },
        { "controller_ids", "ix_executors_controller_id_list_order" },
        { "status", "ix_executors_status_list_order" },
        { "scope", "ix_executors_account_name_list_order" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Page_EachShape_WalksItsOwnIndex(string shape, string index)
    {
        // Arrange
        await SeedAsync();
        var (filter, scope) = Shape(shape);
        var sql = ExecutorSearchSql.For(filter, scope);
        await using var db = Database.CreateDbContext();
        var columns = ExecutorListColumns.Of(db.Model, lean: false);

        // Act
        var filtered = shape != "none";
        var first = await ExplainAsync(sql.Page(columns, after: null), sql.PageParameters(after: null, take: 51), withoutListOrder: filtered);
        var next = await ExplainAsync(sql.Page(columns, After), sql.PageParameters(After, take: 51), withoutListOrder: filtered);

        // Assert: the index walked in list order (no sort), its column an index condition, never a scan of the table.
        foreach (var plan in new[] { first, next })
        {
            Assert.Contains($" using {index} on executors", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Filter", plan, StringComparison.Ordinal);
        }

        Assert.Contains(filtered ? "Index Cond: ((" : "Index Cond: (ROW(sort_at, ", next, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Count_EachShape_UsesItsOwnIndex(string shape, string index)
    {
        // Arrange
        await SeedAsync();
        var (filter, scope) = Shape(shape);
        var sql = ExecutorSearchSql.For(filter, scope);

        // Act
        var plan = await ExplainAsync($"SELECT count(*) FROM ({sql.Matching}) AS e", sql.MatchingParameters(), withoutListOrder: false);

        // Assert
        Assert.Contains(shape == "none" ? "on executors" : $"on {index}", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void For_EveryFilter_AddsItsCondition()
    {
        // Arrange: every property of ExecutorFilter, today's and any added later, must reach the statement.
        var none = ExecutorSearchSql.For(new ExecutorFilter(), AccountScope.All).Matching;

        foreach (var property in typeof(ExecutorFilter).GetProperties())
        {
            var filter = new ExecutorFilter();
            property.SetValue(filter, property.PropertyType == typeof(IReadOnlyList<string>) ? OneValue : Enum.GetValues<ExecutorStatus>()[0]);

            // Act
            var matching = ExecutorSearchSql.For(filter, AccountScope.All).Matching;

            // Assert
            Assert.NotEqual(none, matching);
        }
    }

    private static (ExecutorFilter Filter, AccountScope Scope) Shape(string shape) => shape switch
    {
        "none" => (new ExecutorFilter(), AccountScope.All),
        "account_names" => (new ExecutorFilter { AccountNames = ["hedge_account"] }, AccountScope.All),
        "connector_names" => (new ExecutorFilter { ConnectorNames = ["kraken"] }, AccountScope.All),
        "trading_pairs" => (new ExecutorFilter { TradingPairs = ["ETH-USDT"] }, AccountScope.All),
        "executor_types" => (new ExecutorFilter { ExecutorTypes = [ExecutorTypes.Grid] }, AccountScope.All),
        "controller_ids" => (new ExecutorFilter { ControllerIds = ["controller_7"] }, AccountScope.All),
        "status" => (new ExecutorFilter { Status = ExecutorStatus.Running }, AccountScope.All),
        "scope" => (new ExecutorFilter(), AccountScope.Of(["hedge_account"])),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>The load seed's executors (scripts/load/seed.sql), with fresh statistics.</summary>
    private async Task SeedAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var script = "SET load.executors = '2000';\n"
            + RepositoryFiles.Read("scripts/load/executor-id.sql") + "\n"
            + RepositoryFiles.Read("scripts/load/seed.sql") + "\nANALYZE executors;";
        await using var command = new NpgsqlCommand(script, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<string> ExplainAsync(string statement, object[] parameters, bool withoutListOrder)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var settings = "SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off;"
            + (withoutListOrder ? " DROP INDEX ix_executors_list_order;" : string.Empty);
        await using (var set = new NpgsqlCommand(settings, connection, transaction))
        {
            await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Rolled back when the transaction is disposed: the index comes back.
        await using var explain = new NpgsqlCommand("EXPLAIN (COSTS OFF) " + statement, connection, transaction);
        explain.Parameters.AddRange(parameters);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
