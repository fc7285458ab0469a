using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Npgsql;

namespace Executors.Api.Tests.Operations;

/// <summary>
/// Idempotency-Key answers are kept 24 hours; a background service deletes older ones every Idempotency:PurgeInterval,
/// Idempotency:PurgeBatchSize rows at a time. A key purged is new again: a create with it makes a new executor.
/// </summary>
public sealed class IdempotencyPurgeTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Body =
        """{"executor_config": {"type": "position_executor", "connector_name": "binance_perpetual", "trading_pair": "BTC-USDT", "side": "BUY", "amount": "0.01", "leverage": 10, "triple_barrier_config": {"stop_loss": "0.02", "take_profit": "0.04", "time_limit": 3600}}}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Purge_KeysOlderThan24Hours_DeletedInBatches_LiveOnesKept_AndAPurgedKeyCreatesAnew()
    {
        // Arrange: purges every 200 ms, two rows per delete.
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Idempotency:PurgeInterval"] = "00:00:00.200",
            ["Idempotency:PurgeBatchSize"] = "2",
        });
        using var first = await CreateAsync(api, "order-old");
        using var live = await CreateAsync(api, "order-live");
        var firstId = await IdOfAsync(first);

        // "order-old" and five more keys of other users are 25 hours old; "order-live" an hour (still within its lifetime).
        await ExecuteAsync("UPDATE idempotent_requests SET created_at = now() - interval '25 hours' WHERE key = 'order-old'");
        await ExecuteAsync("UPDATE idempotent_requests SET created_at = now() - interval '1 hour' WHERE key = 'order-live'");
        await ExecuteAsync(
            """
            INSERT INTO idempotent_requests (user_name, key, request_hash, answer, created_at)
            SELECT 'someone', 'k' || n, 'hash', '{}'::jsonb, now() - interval '30 hours' FROM generate_series(1, 5) AS n
            """);

        // Act: wait for the purge.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (await CountAsync("SELECT count(*) FROM idempotent_requests WHERE created_at < now() - interval '24 hours'") > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the expired keys were not purged within 15 s");
            await Task.Delay(100, Ct);
        }

        var keys = await KeysAsync();
        using var again = await CreateAsync(api, "order-old");
        using var liveAgain = await CreateAsync(api, "order-live");

        // Assert: every expired row gone (seven, over several batches of two), the live one kept and still answering;
        // the purged key makes a second executor rather than replaying the first answer.
        Assert.Equal(["order-live"], keys);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(firstId, await IdOfAsync(again));
        Assert.Equal(["true"], liveAgain.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(await IdOfAsync(live), await IdOfAsync(liveAgain));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM executors"));
    }

    [Fact]
    public async Task Purge_AtOnceWithACreateTakingOverAnExpiredKey_SkipsThatRow_PurgesTheOthers_AndKeepsTheRenewedKey()
    {
        // Arrange: two expired keys; a create is taking one of them over (its row locked and renewed in an open
        // transaction, as IdempotentRequests.ClaimAsync does) while the purge runs every 200 ms.
        await ExecuteAsync(
            """
            INSERT INTO idempotent_requests (user_name, key, request_hash, answer, created_at)
            VALUES ('writer', 'taken-over', 'hash', '{}'::jsonb, now() - interval '25 hours'),
                   ('writer', 'abandoned', 'hash', '{}'::jsonb, now() - interval '25 hours')
            """);
        await using var create = new NpgsqlConnection(postgres.ConnectionString);
        await create.OpenAsync(Ct);
        await using var transaction = await create.BeginTransactionAsync(Ct);
        await using (var takeOver = new NpgsqlCommand("UPDATE idempotent_requests SET created_at = clock_timestamp() - interval '25 hours' WHERE key = 'taken-over'", create, transaction))
        {
            await takeOver.ExecuteNonQueryAsync(Ct); // locked, still expired as far as anyone else can see
        }

        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?> { ["Idempotency:PurgeInterval"] = "00:00:00.200" });
        _ = api.Services; // the host (and its purge) runs

        // Act: the purge runs while the row is locked; then the create renews the key and commits.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while ((await KeysAsync()).Contains("abandoned"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the unlocked expired key was not purged within 15 s");
            await Task.Delay(100, Ct);
        }

        var whileLocked = await KeysAsync();
        await using (var renew = new NpgsqlCommand("UPDATE idempotent_requests SET created_at = now() WHERE key = 'taken-over'", create, transaction))
        {
            await renew.ExecuteNonQueryAsync(Ct);
        }

        await transaction.CommitAsync(Ct);
        await Task.Delay(1000, Ct); // several more purges
        var afterwards = await KeysAsync();

        // Assert: the locked row was skipped (the purge went on without waiting for it), and once renewed it is kept.
        Assert.Equal(["taken-over"], whileLocked);
        Assert.Equal(["taken-over"], afterwards);
    }

    private static async Task<HttpResponseMessage> CreateAsync(ApiFactory api, string key)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/executors/") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response;
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.GetProperty("executor_id").GetString()!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT key FROM idempotent_requests ORDER BY key", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
