using Executors.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence;

public sealed class MigrationTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    [Fact]
    public async Task Migrations_Committed_MatchTheModel()
    {
        // Arrange
        await using var db = Database.CreateDbContext();

        // Act
        var pending = db.Database.HasPendingModelChanges();
        var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        // Assert: a model change without its migration fails here, not in production.
        Assert.False(pending, "The model has changes with no migration: run 'dotnet ef migrations add'.");
        Assert.Equal(db.Database.GetMigrations(), applied);
    }

    [Theory]
    [InlineData("executor_id", "character varying", "NO")]
    [InlineData("status", "character varying", "NO")]
    [InlineData("net_pnl_quote", "numeric", "NO")]
    [InlineData("net_pnl_pct", "numeric", "NO")]
    [InlineData("cum_fees_quote", "numeric", "NO")]
    [InlineData("filled_amount_quote", "numeric", "NO")]
    [InlineData("timestamp", "timestamp with time zone", "YES")]
    [InlineData("created_at", "timestamp with time zone", "YES")]
    [InlineData("close_timestamp", "timestamp with time zone", "YES")]
    [InlineData("config", "jsonb", "YES")]
    [InlineData("custom_info", "jsonb", "YES")]
    [InlineData("error_log", "jsonb", "NO")]
    [InlineData("version", "bigint", "NO")]
    [InlineData("stop_requested_at", "timestamp with time zone", "YES")]
    [InlineData("stop_keep_position", "boolean", "YES")]
    public async Task Migrations_Applied_ColumnHasTheDesignedType(string column, string type, string nullable)
    {
        // Act
        var (actualType, actualNullable) = await QuerySingleAsync(
            "SELECT data_type, is_nullable FROM information_schema.columns WHERE table_name = 'executors' AND column_name = @p",
            column,
            reader => (reader.GetString(0), reader.GetString(1)));

        // Assert
        Assert.Equal(type, actualType);
        Assert.Equal(nullable, actualNullable);
    }

    [Fact]
    public async Task Migrations_Applied_ExecutorIdHasAUniqueIndex()
    {
        // Act
        var definition = await QuerySingleAsync(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'executors' AND indexdef LIKE @p",
            "%(executor_id)%",
            reader => reader.GetString(0));

        // Assert
        Assert.StartsWith("CREATE UNIQUE INDEX", definition, StringComparison.Ordinal);
    }

    /// <summary>
    /// The per-column list-order indexes that keyset pagination walks (ADR 11). EF Core 10 cannot declare an index over
    /// a complex type's columns, so the model does not list them and <see cref="Migrations_Committed_MatchTheModel"/>
    /// cannot notice one missing: only the migrations (ExecutorListOrder, kept by ExecutorStateValue) and this test hold them.
    /// </summary>
    [Theory]
    [InlineData("status")]
    [InlineData("account_name")]
    [InlineData("connector_name")]
    [InlineData("trading_pair")]
    [InlineData("executor_type")]
    [InlineData("controller_id")]
    public async Task Migrations_Applied_ListOrderIndexOfTheColumnExistsWithItsColumnsInOrder(string column)
    {
        // Arrange
        var name = $"ix_executors_{column}_list_order";

        // Act
        var definition = await QuerySingleAsync(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'executors' AND indexname = @p",
            name,
            reader => reader.GetString(0));

        // Assert: the filtered column, then the list order itself (newest first, the id breaking ties), nothing else.
        Assert.Equal($"CREATE INDEX {name} ON public.executors USING btree ({column}, sort_at DESC, executor_id DESC)", definition);
    }

    [Theory]
    [InlineData("status", "'PAUSED'")]
    [InlineData("side", "'LONG'")]
    [InlineData("close_type", "'STOP_LOSS'")] // only once TERMINATED
    [InlineData("net_pnl_quote", "-1000000000000")] // the money bounds (Executor.MaxMoneyMagnitude)
    [InlineData("filled_amount_quote", "1e15")]
    [InlineData("net_pnl_pct", "1000000.5")]
    [InlineData("stop_requested_at", "now()")] // a stop request is its time and its keep_position, or neither
    [InlineData("stop_keep_position", "true")]
    public async Task Migrations_Applied_CheckConstraintsRejectWhatTheDomainForbids(string column, string value)
    {
        // Arrange
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO executors (executor_id, status, is_trading, net_pnl_quote, net_pnl_pct, cum_fees_quote, filled_amount_quote, error_log) " +
            $"VALUES ('x', 'RUNNING', false, 0, 0, 0, 0, '[]'); UPDATE executors SET {column} = {value} WHERE executor_id = 'x'",
            connection);

        // Act
        var failure = await Record.ExceptionAsync(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(failure).SqlState);
    }

    [Fact]
    public async Task Migrations_ControllerDefault_GivesEarlierExecutorsWithoutAControllerMain()
    {
        // Arrange: an executor kept before the migration, without a controller (as the column then allowed).
        await StoreAsync(new ExecutorBuilder("before_default").Build());
        await using var db = Database.CreateDbContext();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var previous = migrations[migrations.FindIndex(name => name.EndsWith("_ExecutorControllerDefault", StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(previous, TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlRawAsync("UPDATE executors SET controller_id = NULL", TestContext.Current.CancellationToken);

        // Act
        await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);

        // Assert: "main", and the column now refuses to be without one.
        var controller = await QuerySingleAsync("SELECT controller_id FROM executors WHERE executor_id = @p", "before_default", reader => reader.GetString(0));
        Assert.Equal("main", controller);
        var (_, nullable) = await QuerySingleAsync(
            "SELECT data_type, is_nullable FROM information_schema.columns WHERE table_name = 'executors' AND column_name = @p",
            "controller_id",
            reader => (reader.GetString(0), reader.GetString(1)));
        Assert.Equal("NO", nullable);
    }

    private async Task<T> QuerySingleAsync<T>(string sql, string parameter, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", parameter);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken), $"no row for {parameter}");
        var value = read(reader);
        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken), $"more than one row for {parameter}");
        return value;
    }
}
