using System.Threading.Channels;
using Executors.Application.LiveUpdates;
using Executors.Infrastructure.LiveUpdates;
using Executors.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Executors.Infrastructure.Tests.LiveUpdates;

/// <summary>
/// The change feed on the real PostgreSQL with the real migrations: the triggers notify at commit, the listener hears
/// it, and a feed of another "process" (another service provider on the same database) hears it just the same.
/// </summary>
public sealed class ChangeFeedTests(InfrastructureOnDatabase infrastructure) : InfrastructureTest(infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ExecutorInsertAndUpdate_AreHeard_WithTheirIdAndAccount()
    {
        // Arrange
        await using var feed = await FeedAsync();

        // Act
        await StoreAsync(ExecutorBuilder.Bare("Feed1").ForAccount("alpha").Build());
        await SqlAsync("UPDATE executors SET error_count = error_count + 1 WHERE executor_id = 'Feed1'");

        // Assert
        var inserted = await feed.NextAsync();
        var updated = await feed.NextAsync();
        Assert.Equal((ExecutorChangeKind.Executor, "Feed1", "alpha"), (inserted.Kind, inserted.ExecutorId, inserted.AccountName));
        Assert.Equal((ExecutorChangeKind.Executor, "Feed1", "alpha"), (updated.Kind, updated.ExecutorId, updated.AccountName));
        Assert.True(updated.Sequence > inserted.Sequence);
    }

    [Fact]
    public async Task LogsPositionsAndLeases_AreHeard_AsTheirKind()
    {
        // Arrange
        await StoreAsync(ExecutorBuilder.Bare("Feed2").ForAccount("beta").Build());
        await using var feed = await FeedAsync();

        // Act: two log entries in one statement are one change; a lease taken, renewed (not a change), handed over.
        await SqlAsync("INSERT INTO executor_logs (executor_id, timestamp, level, message) VALUES ('Feed2', now(), 'INFO', 'a'), ('Feed2', now(), 'INFO', 'b')");
        await SqlAsync(
            "INSERT INTO position_holds (account_name, connector_name, trading_pair, controller_id, buy_amount_base, buy_amount_quote, sell_amount_base, " +
            "sell_amount_quote, cum_fees_quote, realized_pnl_quote, executor_ids) VALUES ('beta', 'binance', 'BTC-USDT', 'main', 1, 100, 0, 0, 0, 0, ARRAY['Feed2'])");
        await SqlAsync("INSERT INTO executor_leases (executor_id, engine_id, claimed_at, lease_expires_at) VALUES ('Feed2', 'engine-a', now(), now() + interval '30 seconds')");
        await SqlAsync("UPDATE executor_leases SET lease_expires_at = lease_expires_at + interval '30 seconds'");
        await SqlAsync("UPDATE executor_leases SET engine_id = 'engine-b', claimed_at = now()");

        // Assert
        Assert.Equal((ExecutorChangeKind.Logs, "Feed2", "beta"), Describe(await feed.NextAsync()));
        Assert.Equal((ExecutorChangeKind.Positions, null, "beta"), Describe(await feed.NextAsync()));
        Assert.Equal((ExecutorChangeKind.Lease, "Feed2", "beta"), Describe(await feed.NextAsync()));
        Assert.Equal((ExecutorChangeKind.Lease, "Feed2", "beta"), Describe(await feed.NextAsync()));
        await feed.AssertQuietAsync();
    }

    [Fact]
    public async Task AWriteByOneProcess_IsHeardByAnother_AndARolledBackOneByNone()
    {
        // Arrange: two feeds, each with its own provider (its own listener), as two API processes on one database.
        await using var first = await FeedAsync();
        await using var second = await FeedAsync();

        // Act: a transaction that rolls back, then one that commits.
        await using (var context = Database.CreateDbContext())
        await using (var transaction = await context.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            context.Executors.Add(ExecutorBuilder.Bare("Feed3RolledBack").ForAccount("gamma").Build());
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        await StoreAsync(ExecutorBuilder.Bare("Feed3").ForAccount("gamma").Build());

        // Assert: both hear the commit, and the rolled-back insert never.
        Assert.Equal("Feed3", (await first.NextAsync()).ExecutorId);
        Assert.Equal("Feed3", (await second.NextAsync()).ExecutorId);
        await first.AssertQuietAsync();
    }

    [Fact]
    public async Task ALostListeningConnection_IsMadeAgain_AndSubscribersAreToldToReadAgain()
    {
        // Arrange
        await using var feed = await FeedAsync();

        // Act: the server ends the listener's session, as a restart or a network cut would.
        await SqlAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{ChangeFeedConnection.ApplicationName}' AND datname = current_database()");

        // Assert: a Resync once it listens again, and later writes are heard.
        Assert.Equal(ExecutorChangeKind.Resync, (await feed.NextAsync()).Kind);
        Assert.True(feed.Feed.IsListening);
        await StoreAsync(ExecutorBuilder.Bare("Feed4").ForAccount("delta").Build());
        Assert.Equal("Feed4", (await feed.NextAsync()).ExecutorId);
    }

    [Fact]
    public async Task EveryWrite_StampsItsOwnTransaction_AtOrAboveAnEarlierSnapshotsMark()
    {
        // Arrange: the mark a stream would have given its client before the write.
        await StoreAsync(ExecutorBuilder.Bare("Feed5").ForAccount("epsilon").Build());
        var mark = await ScalarAsync<string>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text");

        // Act: an update that also reports its own transaction id.
        var writer = await ScalarAsync<string>(
            "WITH written AS (UPDATE executors SET error_count = 1 WHERE executor_id = 'Feed5' RETURNING 1) " +
            "SELECT pg_current_xact_id()::text FROM written");

        // Assert: the row carries its writer, which a resume from the earlier mark selects.
        Assert.Equal(writer, await ScalarAsync<string>("SELECT change_xid::text FROM executors WHERE executor_id = 'Feed5'"));
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM executors WHERE executor_id = 'Feed5' AND change_xid >= '{mark}'::xid8"));
    }

    [Fact]
    public async Task Health_IsDegradedWhileNotListening_AndHealthyOnceListening()
    {
        // Arrange: a hub no listener has marked.
        var hub = new ExecutorChangeHub(Microsoft.Extensions.Logging.Abstractions.NullLogger<ExecutorChangeHub>.Instance);
        var check = new ChangeFeedHealthCheck(hub);
        var context = new HealthCheckContext();

        // Act
        var before = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
        hub.MarkListening();
        var after = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HealthStatus.Degraded, before.Status);
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }

    [Fact]
    public async Task Health_OnceListened_ALostConnectionIsDegradedAtOnce_WithoutTheStartUpPatience()
    {
        // Arrange: a feed that listened, then lost its connection (the primary went away).
        var hub = new ExecutorChangeHub(Microsoft.Extensions.Logging.Abstractions.NullLogger<ExecutorChangeHub>.Instance);
        var check = new ChangeFeedHealthCheck(hub);
        hub.MarkListening();
        hub.MarkNotListening();

        // Act: a check whose token is already cancelled can only answer if it does not wait at all.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var result = await check.CheckHealthAsync(new HealthCheckContext(), cancelled.Token);

        // Assert
        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Theory]
    [InlineData("""{"k":"executor","x":"E1","a":"acc"}""", ExecutorChangeKind.Executor, "E1", "acc")]
    [InlineData("""{"k":"positions","a":"acc"}""", ExecutorChangeKind.Positions, null, "acc")]
    [InlineData("""{"k":"logs","x":"E2","a":null}""", ExecutorChangeKind.Logs, "E2", null)]
    public void Payloads_AreRead(string payload, ExecutorChangeKind kind, string? executorId, string? account)
    {
        Assert.True(ExecutorChangeListener.TryParse(payload, out var readKind, out var readId, out var readAccount));
        Assert.Equal((kind, executorId, account), (readKind, readId, readAccount));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"k":"other","x":"E1"}""")]
    [InlineData("""{"k":"executor"}""")]
    [InlineData("""{"k":5}""")]
    public void UnreadablePayloads_AreRefused(string payload) =>
        Assert.False(ExecutorChangeListener.TryParse(payload, out _, out _, out _));

    private static (ExecutorChangeKind, string?, string?) Describe(ExecutorChange change) => (change.Kind, change.ExecutorId, change.AccountName);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>A feed of its own (provider, listener) on the class's database, listening before it is returned.</summary>
    private async Task<RecordedFeed> FeedAsync()
    {
        var services = InfrastructureOnDatabase.BuildServices(Database.ConnectionString);
        var hosted = services.GetServices<IHostedService>().OfType<ExecutorChangeListener>().Cast<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        var feed = services.GetRequiredService<IExecutorChangeFeed>();
        await feed.WaitUntilListeningAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        return new RecordedFeed(services, hosted, feed);
    }

    private sealed class RecordedFeed : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly List<IHostedService> _hosted;
        private readonly Channel<ExecutorChange> _heard = Channel.CreateUnbounded<ExecutorChange>();
        private readonly IDisposable _subscription;

        public RecordedFeed(ServiceProvider services, List<IHostedService> hosted, IExecutorChangeFeed feed)
        {
            _services = services;
            _hosted = hosted;
            Feed = feed;
            _subscription = feed.Subscribe(change => _heard.Writer.TryWrite(change));
        }

        public IExecutorChangeFeed Feed { get; }

        public async Task<ExecutorChange> NextAsync() =>
            await _heard.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        /// <summary>Nothing more arrives within a moment (a write heard would arrive within milliseconds).</summary>
        public async Task AssertQuietAsync()
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
            Assert.False(_heard.Reader.TryRead(out var extra), $"Unexpected change: {extra}");
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            foreach (var service in _hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
        }
    }
}
