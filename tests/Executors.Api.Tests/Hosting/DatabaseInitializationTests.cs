using Executors.Api.Tests.Infrastructure;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Hosting;

/// <summary>Program.cs runs the database initializer when configured to: the host migrates and seeds before it serves.</summary>
public sealed class DatabaseInitializationTests(PostgresServer postgres)
{
    [Fact]
    public async Task DatabaseInitializer_MigrateAndSeedConfigured_AppliesBoth()
    {
        // Arrange: a fresh database that only the initializer touches.
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = "executors_init_" + Guid.NewGuid().ToString("N")[..8] };
        await using var api = new ApiFactory(builder.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemoData"] = "true",
        });

        // Act: starting the host runs Program.cs, which runs the initializer.
        using var client = api.CreateReaderClient();
        using var response = await client.GetAsync($"/executors/{DemoData.ExampleExecutorId}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));

        // The demo's POSITION_HOLD executors left their positions, as their terminal reports would have.
        using var positions = await client.GetAsync("/executors/positions/summary", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, positions.StatusCode);
        using var summary = System.Text.Json.JsonDocument.Parse(await positions.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var holding = db.Executors.AsEnumerable().Count(executor => executor.State.CloseType == Executors.Domain.Executors.CloseType.PositionHold);
        Assert.True(holding > 0);
        Assert.Equal(holding, summary.RootElement.GetProperty("positions").EnumerateArray().Sum(position => position.GetProperty("executor_count").GetInt32()));
        await db.Database.EnsureDeletedAsync(TestContext.Current.CancellationToken);
    }
}
