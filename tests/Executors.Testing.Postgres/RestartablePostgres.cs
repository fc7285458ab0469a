using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Executors.Testing.Postgres;

/// <summary>
/// A PostgreSQL of one test's own, migrated, which the test may stop and start again on the same port — an outage
/// and a recovery as the API meets them. Never the shared <see cref="PostgresServer"/>: every other test needs that
/// one up. Like the shared one (<see cref="PostgresSource"/>): a Testcontainers container (on a fixed host port, so
/// that a restart keeps it) where a usable Docker engine answers, else a throwaway local cluster.
/// </summary>
public sealed class RestartablePostgres : IAsyncDisposable
{
    private const string DatabaseName = "executors_outage";

    private readonly PostgreSqlContainer? _container;
    private readonly LocalPostgresCluster? _cluster;

    private RestartablePostgres(PostgreSqlContainer? container, LocalPostgresCluster? cluster, string serverConnectionString)
    {
        _container = container;
        _cluster = cluster;

        // Only where and who: the API under test applies its own timeouts and pool settings, as in production.
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = DatabaseName };
        foreach (var key in new[] { "Timeout", "Command Timeout" })
        {
            builder.Remove(key);
        }

        ConnectionString = builder.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<RestartablePostgres> StartAsync(CancellationToken cancellationToken)
    {
        var server = await PostgresSource.StartAsync(
            "an outage test's own server",
            async token =>
            {
                var container = new PostgreSqlBuilder(PostgresServer.Image)
                    .WithPortBinding(LocalPostgresCluster.FreePort(), PostgreSqlBuilder.PostgreSqlPort)
                    .Build();
                try
                {
                    await container.StartAsync(token);
                    return new RestartablePostgres(container, null, container.GetConnectionString());
                }
                catch
                {
                    await container.DisposeAsync();
                    throw;
                }
            },
            async (bin, token) =>
            {
                var cluster = await LocalPostgresCluster.StartAsync(bin, token);
                return new RestartablePostgres(null, cluster, cluster.ConnectionString);
            },
            cancellationToken);

        try
        {
            var options = new DbContextOptionsBuilder<ExecutorsDbContext>().UseNpgsql(server.ConnectionString).Options;
            await using var db = new ExecutorsDbContext(options);
            await db.Database.MigrateAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server as an operator's restart does (fast shutdown: sessions end, new connections are refused).</summary>
    public async Task StopAsync()
    {
        if (_container is not null)
        {
            await _container.StopAsync();
        }
        else
        {
            await _cluster!.StopAsync("fast");
        }
    }

    /// <summary>Starts it again on the same port; returns once it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (_container is not null)
        {
            await _container.StartAsync(cancellationToken);
        }
        else
        {
            await _cluster!.StartServerAsync(cancellationToken);
        }
    }

    /// <summary>How many sessions other than this question's are connected to the test database.</summary>
    public async Task<long> CountSessionsAsync(CancellationToken cancellationToken)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

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
