using System.Globalization;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Seeding;
using Executors.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Tests.Persistence;

public sealed class ExecutorRepositoryTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    [Fact]
    public async Task FindAsync_StoredAggregate_ComesBackFieldForField()
    {
        // Arrange
        var stored = new ExecutorBuilder("Roundtrip_1")
            .OfType(ExecutorTypes.Dca).ForAccount("acct").OnConnector("kucoin").ForPair("SOL-USDT").WithSide(TradeSide.Sell).ForController("ctrl")
            .At(DateTimeOffset.Parse("2024-02-01T08:00:00.123456Z", CultureInfo.InvariantCulture))
            .CreatedAt(DateTimeOffset.Parse("2024-02-01T07:59:59Z", CultureInfo.InvariantCulture))
            .WithConfig("""{"amounts_quote": [10, 20.5], "prices": [100.1, 99.9]}""")
            .WithCustomInfo("""{"note": "naïve ✓"}""")
            .WithPerformance(1.000000000000000001m, 0.5m, 0.01m, 30.5m, isTrading: true)
            .WithError(DateTimeOffset.Parse("2024-02-01T09:00:00Z", CultureInfo.InvariantCulture), "late", "TimeoutError")
            .WithError(DateTimeOffset.Parse("2024-02-01T08:30:00Z", CultureInfo.InvariantCulture), "early")
            .Terminated(CloseType.Failed, DateTimeOffset.Parse("2024-02-01T10:00:00Z", CultureInfo.InvariantCulture))
            .Build();
        await StoreAsync(stored);

        // Act
        Executor? loaded;
        await using (var scope = Services.CreateAsyncScope())
        {
            loaded = await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().FindAsync("Roundtrip_1", AccountScope.All, TestContext.Current.CancellationToken);
        }

        // Assert
        Assert.NotNull(loaded);
        Assert.Equal(stored.ExecutorId, loaded.ExecutorId);
        Assert.Equal(stored.State.ExecutorType, loaded.State.ExecutorType);
        Assert.Equal(stored.State.AccountName, loaded.State.AccountName);
        Assert.Equal(stored.State.ConnectorName, loaded.State.ConnectorName);
        Assert.Equal(stored.State.TradingPair, loaded.State.TradingPair);
        Assert.Equal(stored.State.Status, loaded.State.Status);
        Assert.Equal(stored.State.IsTrading, loaded.State.IsTrading);
        Assert.Equal(stored.State.NetPnlQuote, loaded.State.NetPnlQuote);
        Assert.Equal(stored.State.NetPnlPct, loaded.State.NetPnlPct);
        Assert.Equal(stored.State.CumFeesQuote, loaded.State.CumFeesQuote);
        Assert.Equal(stored.State.FilledAmountQuote, loaded.State.FilledAmountQuote);
        Assert.Equal(stored.State.Side, loaded.State.Side);
        Assert.Equal(stored.State.Timestamp, loaded.State.Timestamp);
        Assert.Equal(stored.State.CreatedAt, loaded.State.CreatedAt);
        Assert.Equal(stored.State.CloseType, loaded.State.CloseType);
        Assert.Equal(stored.State.CloseTimestamp, loaded.State.CloseTimestamp);
        Assert.Equal(stored.State.ControllerId, loaded.State.ControllerId);
        Assert.Equal(stored.ErrorLog, loaded.ErrorLog);
        Assert.Equal("late", loaded.LastError);
        Assert.Equal(2, loaded.ErrorCount);
        Assert.Contains("naïve ✓", loaded.State.CustomInfo?.Json, StringComparison.Ordinal);
        Assert.Contains("20.5", loaded.State.Config?.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_UnknownId_ReturnsNull()
    {
        // Act
        await using var scope = Services.CreateAsyncScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().FindAsync("absent", AccountScope.All, TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(loaded);
    }

    [Fact]
    public async Task FindAsync_RestrictedScope_FindsOnlyExecutorsOfItsAccounts()
    {
        // Arrange
        await StoreAsync(
            ExecutorBuilder.Bare("mine").ForAccount("alice").Build(),
            ExecutorBuilder.Bare("theirs").ForAccount("bob").Build(),
            ExecutorBuilder.Bare("nobodys").Build());
        var alice = AccountScope.Of(["alice", "carol"]);
        await using var scope = Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IExecutorRepository>();
        var token = TestContext.Current.CancellationToken;

        // Act
        var mine = await repository.FindAsync("mine", alice, token);
        var theirs = await repository.FindAsync("theirs", alice, token);
        var nobodys = await repository.FindAsync("nobodys", alice, token);
        var nobodysForAll = await repository.FindAsync("nobodys", AccountScope.All, token);

        // Assert
        Assert.Equal("alice", mine?.State.AccountName);
        Assert.Null(theirs);
        Assert.Null(nobodys);
        Assert.NotNull(nobodysForAll);
        Assert.True(await repository.ExistsAsync("mine", alice, token));
        Assert.False(await repository.ExistsAsync("theirs", alice, token));
        Assert.True(await repository.ExistsAsync("theirs", AccountScope.All, token));
        Assert.False(await repository.ExistsAsync("absent", AccountScope.All, token));
    }

    [Fact]
    public async Task AddAsync_DuplicateExecutorId_IsRefusedByTheUniqueIndex()
    {
        // Arrange
        await StoreAsync(ExecutorBuilder.Bare("dup").Build());

        // Act
        var failure = await Record.ExceptionAsync(() => StoreAsync(ExecutorBuilder.Bare("dup").Build()));

        // Assert: the store's own refusal; a command's unit of work takes it as a lost race (UnitOfWorkTests).
        var postgres = Assert.IsType<Npgsql.PostgresException>(Assert.IsType<DbUpdateException>(failure).InnerException);
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, postgres.SqlState);
    }

    [Fact]
    public async Task DemoData_SeededTwice_AddsEachExecutorOnce()
    {
        // Arrange
        await using var db = Database.CreateDbContext();

        // Act
        var first = await DemoData.SeedAsync(db, TestContext.Current.CancellationToken);
        var second = await DemoData.SeedAsync(db, TestContext.Current.CancellationToken);

        // Assert: a few dozen varied executors, every status and type, some with errors, and the example.
        Assert.Equal(DemoData.All().Count, first);
        Assert.Equal(0, second);
        var executors = await db.Executors.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.InRange(executors.Count, 24, 100);
        Assert.Equal(Enum.GetValues<ExecutorStatus>().Order(), executors.Select(e => e.State.Status).Distinct().Order());
        Assert.Equal(ExecutorTypes.All.Order(StringComparer.Ordinal), executors.Select(e => e.State.ExecutorType!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(executors, e => e.ErrorCount > 0);
        Assert.True(executors.Select(e => e.State.CloseType).OfType<CloseType>().Distinct().Count() >= 5);
        Assert.Contains(executors, e => e.ExecutorId == DemoData.ExampleExecutorId);
        var errorEntries = await db.ExecutorLogs.CountAsync(entry => entry.Level == ExecutorLogLevel.Error, TestContext.Current.CancellationToken);
        Assert.Equal(executors.Sum(e => e.ErrorCount), errorEntries);

        // The started, active ones (and only they) are left to engine demo-seed, its leases already run out, once.
        var started = executors.Count(e => e.State.Status is ExecutorStatus.Running or ExecutorStatus.ShuttingDown);
        var leases = await db.Database.SqlQueryRaw<int>(
                "SELECT count(*)::int AS \"Value\" FROM executor_leases WHERE engine_id = 'demo-seed' AND lease_expires_at < now()")
            .SingleAsync(TestContext.Current.CancellationToken);
        var allLeases = await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM executor_leases").SingleAsync(TestContext.Current.CancellationToken);
        Assert.True(started > 0);
        Assert.Equal(started, leases);
        Assert.Equal(started, allLeases);
    }

    [Fact]
    public void DemoData_Configs_AreValidUnderTheirTypesModels()
    {
        // Act: every demo config checked as a reported one would be.
        var violations = DemoData.All()
            .Where(e => e.State.Config is not null)
            .SelectMany(e =>
            {
                using var config = System.Text.Json.JsonDocument.Parse(e.State.Config!.Json);
                return Executors.Domain.Executors.Configs.ExecutorConfigSchemas.Validate(e.State.ExecutorType, config.RootElement)
                    .Select(v => $"{e.State.ExecutorType}: {v.Message}").ToList();
            })
            .ToList();

        // Assert: configs of every type, none breaking its model.
        Assert.Equal(8, DemoData.All().Where(e => e.State.Config is not null).Select(e => e.State.ExecutorType).Distinct().Count());
        Assert.Empty(violations);
    }
}
