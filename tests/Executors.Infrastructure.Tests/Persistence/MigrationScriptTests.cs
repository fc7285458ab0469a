using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Executors.Infrastructure.Tests.Persistence;

/// <summary>
/// <c>deploy/migrations.sql</c>, the idempotent script for operators who apply SQL themselves: current with the
/// migrations, the same schema as the migrations applied by EF Core, and safe to run again.
/// </summary>
public sealed class MigrationScriptTests(PostgresServer postgres)
{
    public const string ScriptPath = "deploy/migrations.sql";

    public const string RegenerateCommand =
        "dotnet tool restore && dotnet ef migrations script --idempotent --project src/Executors.Infrastructure -o deploy/migrations.sql";

    [Fact]
    public void Script_CheckedIn_IsWhatTheMigrationsGenerateNow()
    {
        // Arrange
        using var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(postgres.ConnectionString).Options);

        // Act: what 'dotnet ef migrations script --idempotent' writes, without the tool.
        var expected = db.GetService<IMigrator>().GenerateScript(fromMigration: null, toMigration: null, MigrationsSqlGenerationOptions.Idempotent);
        var committed = RepositoryFiles.Read(ScriptPath);

        // Assert
        Assert.True(
            Normalize(expected) == Normalize(committed),
            $"{ScriptPath} is not what the migrations generate (a migration was added or changed without it). Regenerate it from the repository's root: {RegenerateCommand}");
    }

    [Fact]
    public async Task Script_OnAnEmptyDatabase_GivesTheSchemaOfTheMigrations_AndASecondRunChangesNothing()
    {
        // Arrange: one empty database migrated by EF Core, one by the script.
        var ct = TestContext.Current.CancellationToken;
        var migrated = await EmptyDatabase.CreateAsync(postgres, "executors_migrated", ct);
        await using (var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(migrated).Options))
        {
            await db.Database.MigrateAsync(ct);
        }

        var scripted = await EmptyDatabase.CreateAsync(postgres, "executors_scripted", ct);
        var script = Normalize(RepositoryFiles.Read(ScriptPath));

        // Act
        await RunScriptAsync(scripted, script, ct);
        var once = await EmptyDatabase.DescribeAsync(scripted, ct);
        await RunScriptAsync(scripted, script, ct);
        var twice = await EmptyDatabase.DescribeAsync(scripted, ct);

        // Assert
        var expected = await EmptyDatabase.DescribeAsync(migrated, ct);
        Assert.Contains(expected, line => line.StartsWith("trigger executors ", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.StartsWith("migration ", StringComparison.Ordinal));
        Assert.Equal(expected, once);
        Assert.Equal(once, twice);
    }

    // As psql -f runs it: the whole text, its own transactions included (Npgsql sends the statements in order).
    private static async Task RunScriptAsync(string connectionString, string script, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Normalize(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();
}
