using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Executors.Testing.Postgres;

/// <summary>
/// One PostgreSQL for the whole test run (an xunit assembly fixture of each test project that needs it), with the real
/// migrations applied: a Testcontainers container where a usable Docker engine answers, else a throwaway cluster from
/// the machine's server binaries (<see cref="PostgresSource"/> decides, obeys EXECUTORS_TEST_POSTGRES and says which).
/// With neither the run fails, saying what to install; it never skips.
/// </summary>
/// <remarks>
/// The migrations run once, into a template database nobody else connects to. The shared database
/// (<see cref="ConnectionString"/>) and every database of <see cref="CreateDatabaseAsync"/> are copies of it, so a test
/// collection with a database of its own pays a file copy, not the migrations, and never sees another's rows.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Pinned, so that a new upstream image can never change a test run.</summary>
    public const string Image = "postgres:15.10-alpine";

    private const string TemplateName = "executors_template";
    private const string SharedName = "executors_tests";

    private PostgreSqlContainer? _container;
    private LocalPostgresCluster? _cluster;
    private string _serverConnectionString = string.Empty;
    private TestDatabase? _shared;

    /// <summary>Connection string of the shared migrated test database.</summary>
    public string ConnectionString => Shared.ConnectionString;

    /// <summary>Where the server came from: "testcontainers" or "local cluster".</summary>
    public string Source { get; private set; } = string.Empty;

    private TestDatabase Shared => _shared ?? throw new InvalidOperationException("The server is not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        (_container, _cluster) = await PostgresSource.StartAsync<(PostgreSqlContainer?, LocalPostgresCluster?)>(
            "the shared server",
            async token =>
            {
                var container = new PostgreSqlBuilder(Image).Build();
                try
                {
                    await container.StartAsync(token);
                    return (container, null);
                }
                catch
                {
                    await container.DisposeAsync();
                    throw;
                }
            },
            async (bin, token) => (null, await LocalPostgresCluster.StartAsync(bin, token)),
            timeout.Token);
        _serverConnectionString = _container?.GetConnectionString() ?? _cluster!.ConnectionString;
        Source = _container is not null ? "testcontainers" : "local cluster";

        // The real migrations, exactly as the API applies them (they also create the database). A template may have no
        // session when it is copied: its pool is emptied at once.
        var template = DatabaseConnectionString(TemplateName);
        await using (var db = new ExecutorsDbContext(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(template).Options))
        {
            await db.Database.MigrateAsync(timeout.Token);
        }

        await using (var connection = new NpgsqlConnection(template))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        _shared = await CreateDatabaseAsync(SharedName, timeout.Token);
    }

    /// <summary>
    /// A new database with the migrated schema and no rows, of one test collection's own (so collections may run side
    /// by side). The name must be unique in the run.
    /// </summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using (var connection = new NpgsqlConnection(DatabaseConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await TestDatabase.OpenAsync(DatabaseConnectionString(name), cancellationToken);
    }

    /// <summary>Empties every table of the shared database but the migration history.</summary>
    public Task ResetAsync() => Shared.ResetAsync();

    public ExecutorsDbContext CreateDbContext() => Shared.CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private string DatabaseConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_serverConnectionString)
        {
            Database = database,
            Timeout = 5,
            CommandTimeout = 30,
        }.ConnectionString;
}
