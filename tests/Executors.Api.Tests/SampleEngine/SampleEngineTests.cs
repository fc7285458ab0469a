using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Client;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence.Seeding;
using Executors.SampleEngine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Executors.Api.Tests.SampleEngine;

/// <summary>
/// The reference engine of <c>samples/</c>, pass by pass, against the real app on real Kestrel and a real PostgreSQL,
/// through the generated client: create → claim → run → stop, engines racing, an engine's restart, a lease running out.
/// </summary>
public sealed class SampleEngineTests(PostgresServer postgres) : IAsyncLifetime
{
    // The create of samples/Executors.SampleEngine/README.md.
    private const string ReadmeConfig =
        """{"type":"position_executor","connector_name":"binance_perpetual","trading_pair":"BTC-USDT","side":"BUY","entry_price":"42150.5","amount":"0.01","triple_barrier_config":{"stop_loss":"0.03","take_profit":"0.02"}}""";

    private readonly TestCertificate _certificate = new();
    private readonly List<IAsyncDisposable> _disposables = [];
    private KestrelApi? _api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task Engine_CreatedExecutor_IsClaimedRunWithMovingPnlAndStoppedEarly()
    {
        // Arrange
        StartApi();
        var client = Client();
        var id = (await CreateAsync(client, 1)).Single();
        var created = await client.GetExecutorAsync(id, Ct);
        var engine = Engine(client, "engine-1");

        // Act: three passes, then a user's stop, then one more pass.
        var pnl = new List<decimal>();
        for (var i = 0; i < 3; i++)
        {
            await engine.RunOnceAsync(Ct);
            pnl.Add((await client.GetExecutorAsync(id, Ct)).NetPnlQuote);
        }

        var running = await client.GetExecutorAsync(id, Ct);
        await client.StopExecutorAsync(id, new StopExecutorRequest { KeepPosition = false }, Ct);
        var pass = await engine.RunOnceAsync(Ct);
        var stopped = await client.GetExecutorAsync(id, Ct);
        var logs = await client.GetExecutorLogsAsync(id, null, 50, Ct);

        // Assert: RUNNING with the simulation's numbers, the record's own fields kept.
        Assert.Equal("RUNNING", running.Status);
        Assert.True(running.IsTrading);
        Assert.True(pnl.Distinct().Count() > 1, $"the PnL did not move: {string.Join(", ", pnl)}");
        Assert.True(running.FilledAmountQuote > 0);
        Assert.True(running.CumFeesQuote > 0);
        Assert.Equal("BUY", running.Side);
        Assert.Equal(created.CreatedAt, running.CreatedAt);
        Assert.Equal(created.Timestamp, running.Timestamp);
        Assert.True(JsonElement.DeepEquals(created.Config!.Value, running.Config!.Value));
        var info = running.CustomInfo!.Value;
        Assert.Equal("engine-1", info.GetProperty("engine_id").GetString());
        Assert.Equal(3, info.GetProperty("ticks").GetInt64());
        Assert.True(info.GetProperty("current_price").GetDecimal() > 0);

        // …and closed on the stop.
        Assert.True(pass.ApiReachable);
        Assert.Equal(1, pass.Closed);
        Assert.Equal("TERMINATED", stopped.Status);
        Assert.Equal("EARLY_STOP", stopped.CloseType);
        Assert.NotNull(stopped.CloseTimestamp);
        Assert.False(stopped.IsTrading);
        Assert.Empty(engine.RunningExecutorIds);
        Assert.Contains(logs.Logs, entry => entry.Message.Contains("started", StringComparison.Ordinal));
        Assert.Contains(logs.Logs, entry => entry.Message.Contains("EARLY_STOP", StringComparison.Ordinal));
        Assert.Empty((await client.RenewLeasesAsync("engine-1", Ct)).Executors);
    }

    [Fact]
    public async Task Engine_StopWithKeepPosition_ClosesAsPositionHold_AndThePositionIsHeld()
    {
        // Arrange
        StartApi();
        var client = Client();
        var id = (await CreateAsync(client, 1, ReadmeConfig)).Single(); // a user's create, as the sample's README shows it
        var engine = Engine(client, "engine-1");
        await engine.RunOnceAsync(Ct);
        await engine.RunOnceAsync(Ct);

        // Act
        await client.StopExecutorAsync(id, new StopExecutorRequest { KeepPosition = true }, Ct);
        await engine.RunOnceAsync(Ct);
        var stopped = await client.GetExecutorAsync(id, Ct);
        var positions = await client.GetPositionsSummaryAsync(null, Ct);

        // Assert: the engine's fills make the position.
        Assert.Equal("TERMINATED", stopped.Status);
        Assert.Equal("POSITION_HOLD", stopped.CloseType);
        var position = Assert.Single(positions.Positions);
        Assert.Equal([id], position.ExecutorIds);
        Assert.Equal("binance_perpetual", position.ConnectorName);
        Assert.Equal("BTC-USDT", position.TradingPair);
        Assert.Equal("LONG", position.PositionSide);
        Assert.Equal(stopped.CustomInfo!.Value.GetProperty("filled_amount_base").GetDecimal(), position.BuyAmountBase);
        Assert.True(position.BuyAmountBase > 0);
    }

    [Fact]
    public async Task Engines_TwoRacingOverTenExecutors_EachExecutorIsRunByExactlyOne()
    {
        // Arrange
        StartApi();
        var ids = await CreateAsync(Client(), 10);
        var a = Engine(Client(), "engine-a", claimLimit: 3);
        var b = Engine(Client(), "engine-b", claimLimit: 3);

        // Act: both engines' passes at once, until everything is taken (a claim skips rows the other's claim has
        // locked, so a round may give out fewer than asked), then once more.
        for (var round = 0; round < 10 && a.RunningExecutorIds.Count + b.RunningExecutorIds.Count < ids.Count; round++)
        {
            await Task.WhenAll(a.RunOnceAsync(Ct), b.RunOnceAsync(Ct));
        }

        await Task.WhenAll(a.RunOnceAsync(Ct), b.RunOnceAsync(Ct));

        // Assert: every executor run, by one engine, and reported by that engine only.
        Assert.Empty(a.RunningExecutorIds.Intersect(b.RunningExecutorIds));
        Assert.Equal(ids.Order(StringComparer.Ordinal), a.RunningExecutorIds.Concat(b.RunningExecutorIds).Order(StringComparer.Ordinal));
        Assert.NotEmpty(a.RunningExecutorIds);
        Assert.NotEmpty(b.RunningExecutorIds);
        var reader = Client();
        foreach (var id in ids)
        {
            var record = await reader.GetExecutorAsync(id, Ct);
            var owner = a.RunningExecutorIds.Contains(id) ? "engine-a" : "engine-b";
            Assert.Equal("RUNNING", record.Status);
            Assert.Equal(owner, record.CustomInfo!.Value.GetProperty("engine_id").GetString());
        }
    }

    [Fact]
    public async Task Engine_RestartedWithTheSameId_ResumesItsExecutorsWhereTheyWere()
    {
        // Arrange: the first process runs three executors two ticks, then is gone.
        StartApi();
        var client = Client();
        var ids = await CreateAsync(client, 3);
        var first = Engine(Client(), "engine-r");
        await first.RunOnceAsync(Ct);
        await first.RunOnceAsync(Ct);

        // Act: another engine finds nothing to claim; the restarted one (a new loop, same id) resumes.
        var other = Engine(Client(), "engine-other");
        var otherPass = await other.RunOnceAsync(Ct);
        var restarted = Engine(Client(), "engine-r");
        var pass = await restarted.RunOnceAsync(Ct);

        // Assert
        Assert.Empty(other.RunningExecutorIds);
        Assert.Equal(0, otherPass.Claimed);
        Assert.Equal(0, pass.Claimed);
        Assert.Equal(ids.Order(StringComparer.Ordinal), restarted.RunningExecutorIds.Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            var info = (await client.GetExecutorAsync(id, Ct)).CustomInfo!.Value;
            Assert.Equal(3, info.GetProperty("ticks").GetInt64()); // the tick count goes on from the last report
            Assert.Equal("engine-r", info.GetProperty("engine_id").GetString());
        }
    }

    [Fact]
    public async Task Engine_ThatStopsHeartbeating_LosesItsExecutorsToAnotherOnce_TheLeaseRunsOut()
    {
        // Arrange: one-second leases.
        StartApi(new Dictionary<string, string?> { ["Engines:LeaseDuration"] = "00:00:01" });
        var client = Client();
        var ids = await CreateAsync(client, 2);
        var gone = Engine(Client(), "engine-gone", leaseDuration: TimeSpan.FromSeconds(1));
        await gone.RunOnceAsync(Ct);
        var successor = Engine(Client(), "engine-next", leaseDuration: TimeSpan.FromSeconds(1));
        var early = await successor.RunOnceAsync(Ct);

        // Act: the first engine stops running; its leases run out.
        await WaitUntilAsync(async () => (await client.GetEngineExecutorsAsync("engine-gone", Ct)).Executors.All(e => e.LeaseExpired));
        var taken = await successor.RunOnceAsync(Ct);
        var comeback = await gone.RunOnceAsync(Ct);

        // Assert: nothing for the successor while the lease held; everything after; the first engine lets go.
        Assert.Equal(0, early.Claimed);
        Assert.Equal(2, taken.Claimed);
        Assert.Equal(ids.Order(StringComparer.Ordinal), successor.RunningExecutorIds.Order(StringComparer.Ordinal));
        Assert.Empty(gone.RunningExecutorIds);
        Assert.True(comeback.ApiReachable);
        foreach (var id in ids)
        {
            var record = await client.GetExecutorAsync(id, Ct);
            Assert.Equal("RUNNING", record.Status);
            Assert.Equal("engine-next", record.CustomInfo!.Value.GetProperty("engine_id").GetString());
            Assert.Equal(2, record.CustomInfo!.Value.GetProperty("ticks").GetInt64()); // taken over from the record
        }
    }

    [Fact]
    public async Task Engine_DemoSeed_ClaimsAndResumesTheRunningDemoExecutors_AndFinishesTheShuttingDownOnes()
    {
        // Arrange: the demo data ./run.sh serves; its started executors were "run" by an engine that stopped reporting.
        StartApi();
        await using (var db = postgres.CreateDbContext())
        {
            await DemoData.SeedAsync(db, Ct);
        }

        var demo = DemoData.All();
        var running = demo.Where(e => e.State.Status == ExecutorStatus.Running).Select(e => e.ExecutorId).ToList();
        var shuttingDown = demo.Where(e => e.State.Status == ExecutorStatus.ShuttingDown).Select(e => e.ExecutorId).ToList();
        var notStarted = demo.Where(e => e.State.Status == ExecutorStatus.NotStarted).Select(e => e.ExecutorId).ToList();
        var client = Client();
        var seeded = await client.GetEngineExecutorsAsync(DemoData.SeedEngineId, Ct);
        var engine = Engine(client, "sample-engine-1", claimLimit: 100);

        // Act: two passes of the sample engine.
        var first = await engine.RunOnceAsync(Ct);
        var second = await engine.RunOnceAsync(Ct);
        var left = await client.GetEngineExecutorsAsync(DemoData.SeedEngineId, Ct);

        // Assert: the seed's engine held every started, active demo executor, with a lease already run out…
        Assert.Contains(DemoData.ExampleExecutorId, running);
        Assert.NotEmpty(shuttingDown);
        Assert.Equal(running.Concat(shuttingDown).Order(StringComparer.Ordinal), seeded.Executors.Select(e => e.Executor.ExecutorId).Order(StringComparer.Ordinal));
        Assert.All(seeded.Executors, e => Assert.True(e.LeaseExpired));

        // …the engine claimed them (and the NOT_STARTED ones) in its first pass, and runs the RUNNING ones on.
        Assert.True(first.ApiReachable);
        Assert.Equal(running.Count + shuttingDown.Count + notStarted.Count, first.Claimed);
        Assert.Equal(shuttingDown.Count, first.Closed);
        Assert.Equal(running.Concat(notStarted).Order(StringComparer.Ordinal), engine.RunningExecutorIds.Order(StringComparer.Ordinal));
        Assert.Equal(0, second.Claimed);
        Assert.Empty(left.Executors);
        foreach (var id in running)
        {
            var record = await client.GetExecutorAsync(id, Ct);
            Assert.Equal("RUNNING", record.Status);
            Assert.Equal("sample-engine-1", record.CustomInfo!.Value.GetProperty("engine_id").GetString());
            Assert.Equal(2, record.CustomInfo!.Value.GetProperty("ticks").GetInt64());
        }

        foreach (var id in shuttingDown)
        {
            var record = await client.GetExecutorAsync(id, Ct);
            Assert.Equal("TERMINATED", record.Status);
            Assert.Equal("EARLY_STOP", record.CloseType);
        }

        var logs = await client.GetExecutorLogsAsync(DemoData.ExampleExecutorId, null, 50, Ct);
        Assert.Contains(logs.Logs, entry => entry.Message.Contains("sample-engine-1 resumed the executor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_ApiUnreachableForAWhile_NeitherThrowsNorLosesWork_AndCarriesOnOnceItAnswers()
    {
        // Arrange: the engine's connection fails (as a refused connection does) until the outage ends.
        StartApi();
        var id = (await CreateAsync(Client(), 1)).Single();
        var outage = new Outage { Down = true };
        var engine = Engine(Client(outage), "engine-1");

        // Act
        var during = await engine.RunOnceAsync(Ct);
        var again = await engine.RunOnceAsync(Ct);
        outage.Down = false;
        var after = await engine.RunOnceAsync(Ct);

        // Assert
        Assert.False(during.ApiReachable);
        Assert.False(again.ApiReachable);
        Assert.True(after.ApiReachable);
        Assert.Equal(1, after.Claimed);
        Assert.Equal("RUNNING", (await Client().GetExecutorAsync(id, Ct)).Status);
    }

    [Fact]
    public async Task Engine_ApiNotListeningAtAll_PassReportsUnreachable()
    {
        // Arrange: a port nothing listens on (taken from the OS, then released).
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var engine = Engine(Client(baseAddress: new Uri($"http://127.0.0.1:{port}/")), "engine-1");

        // Act
        var pass = await engine.RunOnceAsync(Ct);

        // Assert
        Assert.False(pass.ApiReachable);
        Assert.Empty(engine.RunningExecutorIds);
    }

    [Fact]
    public async Task Engine_AfterTheConfiguredTicks_ClosesByItselfAsTakeProfitOrStopLossByItsPnl()
    {
        // Arrange
        StartApi();
        var client = Client();
        var ids = await CreateAsync(client, 4);
        var engine = Engine(client, "engine-1", closeAfterTicks: 3);

        // Act
        var passes = new List<EnginePass>();
        for (var i = 0; i < 3; i++)
        {
            passes.Add(await engine.RunOnceAsync(Ct));
        }

        // Assert: closed at the third tick, the close type by the sign of the simulated PnL, the exit's volume added to the
        // entry's (config: 0.01 BTC at 42150.5 = 421.505 quote; the exit within ±6 %).
        Assert.Equal([0, 0, 4], passes.Select(pass => pass.Closed));
        Assert.Empty(engine.RunningExecutorIds);
        foreach (var id in ids)
        {
            var record = await client.GetExecutorAsync(id, Ct);
            Assert.Equal("TERMINATED", record.Status);
            Assert.Equal(record.NetPnlQuote > 0 ? "TAKE_PROFIT" : "STOP_LOSS", record.CloseType);
            Assert.True(record.FilledAmountQuote > 421.505m * 1.9m, $"entry and exit volume expected, got {record.FilledAmountQuote}");
        }
    }

    [Fact]
    public async Task Host_AddSampleEngine_RunsTheLoopEveryHeartbeatUntilStopped()
    {
        // Arrange: the sample's own registration, configured as on its command line.
        StartApi();
        var id = (await CreateAsync(Client(), 1)).Single();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:BaseUrl"] = _api!.HttpsAddress.ToString(),
            ["Api:UserName"] = TestUsers.Writer,
            ["Api:Password"] = TestUsers.WriterPassword,
            ["Engine:EngineId"] = "hosted-engine",
            ["Engine:HeartbeatInterval"] = "00:00:00.2",
            ["Engine:CloseAfterTicks"] = "0",
        });
        builder.Services.AddSampleEngine(builder.Configuration);
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(_certificate.PinnedHandler));
        using var host = builder.Build();

        // Act
        await host.StartAsync(Ct);
        try
        {
            await WaitUntilAsync(async () =>
                (await Client().GetExecutorAsync(id, Ct)).CustomInfo is { ValueKind: JsonValueKind.Object } info
                && info.GetProperty("ticks").GetInt64() >= 3);
        }
        finally
        {
            await host.StopAsync(Ct);
        }

        // Assert
        var record = await Client().GetExecutorAsync(id, Ct);
        Assert.Equal("RUNNING", record.Status);
        Assert.Equal("hosted-engine", record.CustomInfo!.Value.GetProperty("engine_id").GetString());
    }

    [Fact]
    public async Task Host_StopPushed_ClosesTheExecutorAtOnceWithoutWaitingForTheNextPass()
    {
        // Arrange: passes five minutes apart; the first one claims and starts the executor.
        StartApi();
        var client = Client();
        var id = (await CreateAsync(client, 1)).Single();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:BaseUrl"] = _api!.HttpsAddress.ToString(),
            ["Api:UserName"] = TestUsers.Writer,
            ["Api:Password"] = TestUsers.WriterPassword,
            ["Engine:EngineId"] = "pushed-engine",
            ["Engine:LeaseDuration"] = "00:30:00",
            ["Engine:HeartbeatInterval"] = "00:05:00",
            ["Engine:CloseAfterTicks"] = "0",
        });
        builder.Services.AddSampleEngine(builder.Configuration);
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(_certificate.PinnedHandler));
        builder.Services.PostConfigure<ExecutorStreamClientOptions>(o => o.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == _certificate.Thumbprint);
        using var host = builder.Build();
        await host.StartAsync(Ct);
        try
        {
            await WaitUntilAsync(async () => (await client.GetExecutorAsync(id, Ct)).Status == "RUNNING");

            // Act
            var asked = System.Diagnostics.Stopwatch.StartNew();
            await client.StopExecutorAsync(id, new StopExecutorRequest { KeepPosition = false }, Ct);
            await WaitUntilAsync(async () => (await client.GetExecutorAsync(id, Ct)).Status == "TERMINATED");
            asked.Stop();

            // Assert: closed by the engine (its close, its log) seconds after the stop, not at the pass five minutes on.
            var record = await client.GetExecutorAsync(id, Ct);
            Assert.Equal("EARLY_STOP", record.CloseType);
            Assert.Equal("pushed-engine", record.CustomInfo!.Value.GetProperty("engine_id").GetString());
            Assert.Equal(1, record.CustomInfo!.Value.GetProperty("ticks").GetInt64());
            Assert.True(asked.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {asked.Elapsed}");
            var logs = await client.GetExecutorLogsAsync(id, null, 50, Ct);
            Assert.Contains(logs.Logs, entry => entry.Message.Contains("EARLY_STOP", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Host_InvalidEngineId_RefusesToStart()
    {
        // Arrange
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:BaseUrl"] = "http://127.0.0.1:9/",
            ["Api:UserName"] = TestUsers.Writer,
            ["Engine:EngineId"] = "not an id!",
        });
        builder.Services.AddSampleEngine(builder.Configuration);
        using var host = builder.Build();

        // Act
        var failure = await Record.ExceptionAsync(() => host.StartAsync(Ct));

        // Assert
        var invalid = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Engine:EngineId", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_ApiAnswering503_PassReportsUnreachable_WithoutThrowing()
    {
        // Arrange: the real app whose database does not answer: 503 with Retry-After.
        StartApi(connectionString: UnreachableDatabase.ConnectionString());
        var engine = Engine(Client(), "engine-1");

        // Act
        var pass = await engine.RunOnceAsync(Ct);

        // Assert
        Assert.False(pass.ApiReachable);
    }

    [Fact]
    public async Task Engine_ApiNotAnsweringInTime_PassReportsUnreachable_WithoutThrowing()
    {
        // Arrange: a server that accepts connections and never answers; the client gives up after its timeout.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var engine = Engine(Client(baseAddress: new Uri($"http://127.0.0.1:{port}/"), timeout: TimeSpan.FromSeconds(1)), "engine-1");

        // Act
        var pass = await engine.RunOnceAsync(Ct);

        // Assert
        Assert.False(pass.ApiReachable);
    }

    private void StartApi(IReadOnlyDictionary<string, string?>? settings = null, string? connectionString = null)
    {
        _api = new KestrelApi(connectionString ?? postgres.ConnectionString, _certificate, settings);
        _disposables.Add(_api);
    }

    private static EngineLoop Engine(IExecutorsApiClient client, string engineId, int claimLimit = 10, TimeSpan? leaseDuration = null, int closeAfterTicks = 0) =>
        new(client, Options.Create(new EngineOptions
        {
            EngineId = engineId,
            ClaimLimit = claimLimit,
            LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(30),
            CloseAfterTicks = closeAfterTicks,
            LogEveryTicks = 2,
        }), TimeProvider.System, new TestOutputLogger<EngineLoop>());

    private static async Task<List<string>> CreateAsync(IExecutorsApiClient client, int count, string? executorConfig = null)
    {
        var ids = new List<string>();
        using var config = JsonDocument.Parse(executorConfig ?? HummingbotConfigs.Position);
        for (var i = 0; i < count; i++)
        {
            var created = await client.CreateExecutorAsync(new CreateExecutorRequest { ExecutorConfig = config.RootElement.Clone() }, null, Ct);
            ids.Add(created.ExecutorId);
        }

        return ids;
    }

    /// <summary>A writer's client as the engine registers it (AddExecutorsClient), pinned to the test's certificate.</summary>
    private IExecutorsApiClient Client(Outage? outage = null, Uri? baseAddress = null, TimeSpan? timeout = null)
    {
        var services = new ServiceCollection();
        var builder = services
            .AddExecutorsClient(o =>
            {
                o.BaseAddress = baseAddress ?? _api!.HttpsAddress;
                o.UserName = TestUsers.Writer;
                o.Password = TestUsers.WriterPassword;
                o.Timeout = timeout ?? TimeSpan.FromSeconds(5);
            })
            .ConfigurePrimaryHttpMessageHandler(_certificate.PinnedHandler);
        if (outage is not null)
        {
            builder.AddHttpMessageHandler(() => new OutageHandler(outage));
        }

        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        return provider.GetRequiredService<IExecutorsApiClient>();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(100, Ct);
        }
    }

    private sealed class Outage
    {
        public volatile bool Down;
    }

    /// <summary>While the outage lasts, every request fails before it leaves, as with the API down.</summary>
    private sealed class OutageHandler(Outage outage) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            outage.Down
                ? Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (simulated outage)"))
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>The engine's log lines in the test's output, to tell what it did when a test fails.</summary>
    private sealed class TestOutputLogger<T> : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            TestContext.Current.TestOutputHelper?.WriteLine($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
    }
}
