using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Executors.Domain.Executors.Configs;
using Npgsql;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// The load test's seed (scripts/load/executor-id.sql + seed.sql, what scripts/load.sh loads) on the real migrated
/// schema, at 1,000 executors instead of 100,000: it must load, have the promised shape, and be served by the API.
/// </summary>
public sealed class LoadSeedTests(SharedApi shared) : SharedApiTest(shared)
{
    private const int Executors = 1_000;

    [Fact]
    public async Task Seed_IntoMigratedDatabase_StoresNExecutorsTenPercentRunningWithWellFormedIds()
    {
        // Arrange
        await SeedAsync(Executors);

        // Act
        var statuses = await QueryAsync(
            "SELECT status, count(*) FROM executors GROUP BY status ORDER BY status",
            reader => (reader.GetString(0), reader.GetInt64(1)));
        var ids = await QueryAsync("SELECT executor_id FROM executors", reader => reader.GetString(0));

        // Assert
        Assert.Equal([("RUNNING", 100L), ("TERMINATED", 900L)], statuses);
        Assert.Equal(Executors, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.True(ExecutorIds.IsWellFormed(id), $"'{id}' is not a valid executor id");
            Assert.Equal(44, id.Length);
            Assert.DoesNotContain(id, c => "0OIl".Contains(c, StringComparison.Ordinal)); // base58, like Hummingbot's ids
        });
    }

    [Fact]
    public async Task Seed_IntoMigratedDatabase_HasRealisticConfigCustomInfoErrorsAndLogs()
    {
        // Arrange
        await SeedAsync(Executors);

        // Act
        var (config, customInfo, withErrors, consistentErrors, logs) = (await QueryAsync(
            """
            SELECT avg(octet_length(config::text)), avg(octet_length(custom_info::text)),
                   count(*) FILTER (WHERE error_count > 0),
                   bool_and(error_count = jsonb_array_length(error_log)),
                   (SELECT count(*) FROM executor_logs)
            FROM executors
            """,
            reader => (reader.GetDouble(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetBoolean(3), reader.GetInt64(4)))).Single();

        // Assert: ~1 KB of config and ~0.5 KB of custom info, 5 % with errors, and a short log for some.
        Assert.InRange(config, 800, 1_300);
        Assert.InRange(customInfo, 400, 650);
        Assert.Equal(50, withErrors);
        Assert.True(consistentErrors, "error_count must match the stored error_log");
        Assert.InRange(logs, 100, 1_000);
    }

    [Fact]
    public async Task Seed_Configs_AreValidUnderTheirTypesModels()
    {
        // Arrange
        await SeedAsync(Executors);

        // Act: every seeded config checked as a reported one would be.
        var configs = await QueryAsync("SELECT executor_type, config::text FROM executors", reader => (reader.GetString(0), reader.GetString(1)));
        var violations = configs.SelectMany(row =>
        {
            using var config = JsonDocument.Parse(row.Item2);
            return ExecutorConfigSchemas.Validate(row.Item1, config.RootElement).Select(v => $"{row.Item1}: {v.Message}").ToList();
        }).Distinct().ToList();

        // Assert
        Assert.Equal(8, configs.Select(row => row.Item1).Distinct().Count());
        Assert.Empty(violations);
    }

    [Fact]
    public async Task Get_SeededAndUnknownIds_AnswersTheRecordOrNotFound()
    {
        // Arrange: executor 3 is TERMINATED with two errors, 10 is RUNNING, 1,001 is past the seed (wrk's 404s).
        await SeedAsync(Executors);
        var ids = await IdsAsync(3, 10, Executors + 1);
        using var client = Api.CreateReaderClient();

        // Act
        using var terminated = await client.GetAsync($"/executors/{ids[0]}", TestContext.Current.CancellationToken);
        using var running = await client.GetAsync($"/executors/{ids[1]}", TestContext.Current.CancellationToken);
        using var unknown = await client.GetAsync($"/executors/{ids[2]}", TestContext.Current.CancellationToken);

        // Assert: the API maps the seeded rows (JSON columns, error log) like its own.
        Assert.Equal(HttpStatusCode.OK, terminated.StatusCode);
        using (var body = JsonDocument.Parse(await terminated.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)))
        {
            var record = body.RootElement;
            Assert.Equal(ids[0], record.GetProperty("executor_id").GetString());
            Assert.Equal("TERMINATED", record.GetProperty("status").GetString());
            Assert.False(record.GetProperty("is_active").GetBoolean());
            Assert.NotEqual(JsonValueKind.Null, record.GetProperty("close_type").ValueKind);
            Assert.Equal(2, record.GetProperty("error_count").GetInt32());
            Assert.Equal("Connector timeout while fetching order book", record.GetProperty("last_error").GetString());
            Assert.Equal(ids[0], record.GetProperty("config").GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Object, record.GetProperty("custom_info").ValueKind);
        }

        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        using (var body = JsonDocument.Parse(await running.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)))
        {
            Assert.Equal("RUNNING", body.RootElement.GetProperty("status").GetString());
            Assert.True(body.RootElement.GetProperty("is_active").GetBoolean());
        }

        // The wrk script recognises an expected 404 by the unknown id named in its body.
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(ids[2], await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_TableAlreadyHoldsExecutors_RefusesAndAddsNothing()
    {
        // Arrange
        await SeedAsync(10);

        // Act
        var failure = await Record.ExceptionAsync(() => SeedAsync(10));

        // Assert
        Assert.Contains("not empty", Assert.IsType<PostgresException>(failure).MessageText, StringComparison.Ordinal);
        Assert.Equal([10L], await QueryAsync("SELECT count(*) FROM executors", reader => reader.GetInt64(0)));
    }

    private async Task SeedAsync(int executors)
    {
        await using var connection = await OpenAsync();
        var script = $"SET load.executors = '{executors}';\n"
            + RepositoryFiles.Read("scripts/load/executor-id.sql") + "\n"
            + RepositoryFiles.Read("scripts/load/seed.sql");
        await using var command = new NpgsqlCommand(script, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The ids of the given executor numbers, from executor-id.sql (as scripts/load.sh computes them).</summary>
    private async Task<string[]> IdsAsync(params int[] numbers)
    {
        await using var connection = await OpenAsync();
        await using (var define = new NpgsqlCommand(RepositoryFiles.Read("scripts/load/executor-id.sql"), connection))
        {
            await define.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var command = new NpgsqlCommand("SELECT pg_temp.load_executor_id(n) FROM unnest(@numbers) WITH ORDINALITY AS t(n, i) ORDER BY i", connection);
        command.Parameters.AddWithValue("numbers", numbers.Select(n => (long)n).ToArray());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids];
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
