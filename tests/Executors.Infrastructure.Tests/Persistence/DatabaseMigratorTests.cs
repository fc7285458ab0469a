using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>The code path of both MigrateOnStartup and the migrate command, on empty databases as production has them.</summary>
public sealed class DatabaseMigratorTests(PostgresServer postgres)
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryMigration_ThenNone()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await EmptyDatabase.CreateAsync(postgres, "executors_migrator", ct);
        await using var services = InfrastructureOnDatabase.BuildServices(connectionString);
        var migrator = services.GetRequiredService<DatabaseMigrator>();

        // Act
        var pendingBefore = await migrator.ListAsync(ct);
        var first = await migrator.MigrateAsync(ct);
        var second = await migrator.MigrateAsync(ct);
        var listedAfter = await migrator.ListAsync(ct);

        // Assert
        await using var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(connectionString).Options);
        Assert.Equal(db.Database.GetMigrations(), first);
        Assert.Empty(second);
        Assert.All(pendingBefore, entry => Assert.False(entry.Applied));
        Assert.Equal(db.Database.GetMigrations().Select(migration => (migration, true)), listedAfter);
    }

    [Fact]
    public async Task MigrateAsync_TwoProcessesAtOnceOnAnEmptyDatabase_BothSucceedAndTheSchemaIsComplete()
    {
        // Arrange: two service providers (two processes' pools and contexts) on one empty database, and a reference.
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await EmptyDatabase.CreateAsync(postgres, "executors_race", ct);
        var reference = await EmptyDatabase.CreateAsync(postgres, "executors_race_reference", ct);
        await using (var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(reference).Options))
        {
            await db.Database.MigrateAsync(ct);
        }

        await using var one = InfrastructureOnDatabase.BuildServices(connectionString);
        await using var other = InfrastructureOnDatabase.BuildServices(connectionString);
        using var start = new Barrier(2);

        // Act: both released at the same moment.
        var runs = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(ct); return one.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct); }, ct),
            Task.Run(() => { start.SignalAndWait(ct); return other.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct); }, ct));

        // Assert: no failure, every migration applied once, the same schema as one run alone.
        await using (var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(connectionString).Options))
        {
            Assert.Equal(db.Database.GetMigrations().Order(StringComparer.Ordinal), runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        }

        Assert.Equal(await EmptyDatabase.DescribeAsync(reference, ct), await EmptyDatabase.DescribeAsync(connectionString, ct));
    }
}
