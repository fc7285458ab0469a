using DotNet.Testcontainers.Configurations;
using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Respawn;
using Testcontainers.PostgreSql;

[assembly: AssemblyFixture(typeof(Executors.Api.Tests.Infrastructure.PostgresServer))]

namespace Executors.Api.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL for the whole test run, with the real migrations applied: a Testcontainers container where a Docker
/// engine answers, else a throwaway cluster from the machine's server binaries. With neither the run fails, saying
/// what to install; it never skips.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Pinned, so that a new upstream image can never change a test run.</summary>
    public const string Image = "postgres:15.10-alpine";

    private const string DatabaseName = "executors_tests";

    private PostgreSqlContainer? _container;
    private LocalPostgresCluster? _cluster;
    private Respawner? _respawner;

    /// <summary>Connection string of the migrated test database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Where the server came from: "testcontainers" or "local cluster".</summary>
    public string Source { get; private set; } = string.Empty;

    internal LocalPostgresCluster? LocalCluster => _cluster;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string serverConnectionString;
        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            _container = new PostgreSqlBuilder(Image).Build();
            await _container.StartAsync(timeout.Token);
            serverConnectionString = _container.GetConnectionString();
            Source = "testcontainers";
        }
        else if (LocalPostgresCluster.FindBinaries() is { } bin)
        {
            _cluster = await LocalPostgresCluster.StartAsync(bin, timeout.Token);
            serverConnectionString = _cluster.ConnectionString;
            Source = "local cluster";
        }
        else
        {
            throw new InvalidOperationException(
                "The integration tests need PostgreSQL and found none: no Docker engine answered, and no PostgreSQL " +
                "server binaries (initdb, pg_ctl) were found under /usr/lib/postgresql/*/bin. Start Docker, or install " +
                "the server (Debian/Ubuntu: apt-get install postgresql), or set EXECUTORS_PG_BIN to the folder holding initdb.");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = DatabaseName,
            Timeout = 5,
            CommandTimeout = 30,
        }.ConnectionString;

        // The real migrations, exactly as the API applies them (they also create the database).
        await using (var db = CreateDbContext())
        {
            await db.Database.MigrateAsync(timeout.Token);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(timeout.Token);
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory"],
        });
    }

    /// <summary>Empties every table but the migration history.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
    }

    public ExecutorsDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(ConnectionString).Options);

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
}
