using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respawn;

namespace Executors.Testing.Postgres;

/// <summary>A migrated database on the <see cref="PostgresServer"/>, emptied between tests.</summary>
public sealed class TestDatabase
{
    private readonly Respawner _respawner;

    private TestDatabase(string connectionString, Respawner respawner)
    {
        ConnectionString = connectionString;
        _respawner = respawner;
    }

    public string ConnectionString { get; }

    internal static async Task<TestDatabase> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
        return new TestDatabase(connectionString, respawner);
    }

    /// <summary>Empties every table but the migration history.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner.ResetAsync(connection);
    }

    public ExecutorsDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(ConnectionString).Options);
}
