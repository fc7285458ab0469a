using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.LiveUpdates;

/// <summary>
/// The typed stream client against the real API on real Kestrel and PostgreSQL (the change feed's real listener): a
/// PUT pushed as the generated record, every subscription type, answers and errors, refused credentials, and an
/// engine's stop stream with its Last-Event-ID resume.
/// </summary>
public sealed class StreamClientIntegrationTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly TestCertificate _certificate = new();
    private readonly List<IAsyncDisposable> _disposables = [];
    private KestrelApi? _api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await postgres.ResetAsync();
        _api = new KestrelApi(postgres.ConnectionString, _certificate);
        _disposables.Add(_api);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task ExecutorDetail_PutChangesTheExecutor_PushesTheRecordAsGetAnswersIt()
    {
        // Arrange: over wss, the certificate pinned as a user of the generated client pins it.
        var client = Client();
        var id = await CreateAsync(client);
        await using var stream = Stream(https: true);
        await stream.ConnectAsync(Ct);
        var subscription = await stream.SubscribeExecutorDetailAsync(id, 0.5, Ct);
        var first = await NextAsync<ExecutorDetailMessage>(stream);

        // Act
        var record = await client.GetExecutorAsync(id, Ct);
        await client.PutExecutorAsync(id, Running(record, 12.5m), Ct);
        var pushed = await NextAsync<ExecutorDetailMessage>(stream, m => m.Executor.Status == "RUNNING");

        // Assert: the snapshot, then the change, each equal to what GET answers.
        Assert.Equal($"executor_detail_{id}", subscription);
        Assert.Equal(subscription, first.SubscriptionId);
        Assert.Equal("NOT_STARTED", first.Executor.Status);
        Assert.Equal(12.5m, pushed.Executor.NetPnlQuote);
        Assert.Equal(Json(await client.GetExecutorAsync(id, Ct)), Json(pushed.Executor));
    }

    [Fact]
    public async Task EveryType_Subscribed_AnswersAndFirstSnapshotsEqualTheRestBodies()
    {
        // Arrange
        var client = Client();
        var id = await CreateAsync(client);
        await using var stream = Stream();
        await stream.ConnectAsync(Ct);

        // Act: six subscribes sent at once; their snapshots interleave with the later answers.
        var ids = await Task.WhenAll(
            stream.SubscribeExecutorDetailAsync(id, cancellationToken: Ct),
            stream.SubscribeExecutorsAsync(new ExecutorsStreamFilter { Status = "NOT_STARTED" }, cancellationToken: Ct),
            stream.SubscribeSummaryAsync(cancellationToken: Ct),
            stream.SubscribePerformanceAsync(cancellationToken: Ct),
            stream.SubscribePositionsAsync("main", cancellationToken: Ct),
            stream.SubscribeLogsAsync(id, limit: 10, cancellationToken: Ct));
        var pong = await stream.PingAsync(Ct);
        var snapshots = new Dictionary<string, StreamMessage>(StringComparer.Ordinal);
        await foreach (var message in Read(stream))
        {
            if (message is SubscriptionMessage data)
            {
                snapshots.TryAdd(data.SubscriptionId, data);
            }

            if (snapshots.Count == 6)
            {
                break;
            }
        }

        // Assert
        Assert.Equal(6, ids.Distinct().Count());
        Assert.True(pong > TimeSpan.Zero);
        Assert.Equal(id, Assert.IsType<ExecutorDetailMessage>(snapshots[ids[0]]).Executor.ExecutorId);
        Assert.Equal(id, Assert.Single(Assert.IsType<ExecutorsMessage>(snapshots[ids[1]]).Executors).ExecutorId);
        Assert.Equal(Json(await client.GetExecutorsSummaryAsync(Ct)), Json(Assert.IsType<ExecutorSummaryMessage>(snapshots[ids[2]]).Summary));
        Assert.Equal(Json(await client.GetPerformanceReportAsync(null, Ct)), Json(Assert.IsType<PerformanceMessage>(snapshots[ids[3]]).Performance));
        Assert.Equal(Json(await client.GetPositionsSummaryAsync("main", Ct)), Json(Assert.IsType<PositionsMessage>(snapshots[ids[4]]).Positions));
        Assert.IsType<ExecutorLogsMessage>(snapshots[ids[5]]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), stream.SubscriptionIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Errors_UnknownExecutorAndUnknownSubscription_ThrowWithTheServersMessage()
    {
        // Arrange
        await using var stream = Stream();
        await stream.ConnectAsync(Ct);

        // Act
        var unknown = await Assert.ThrowsAsync<ExecutorStreamException>(() => stream.SubscribeExecutorDetailAsync("no-such-executor", cancellationToken: Ct));
        var notSubscribed = await Assert.ThrowsAsync<ExecutorStreamException>(() => stream.UnsubscribeAsync("executor_summary", Ct));
        var summary = await stream.SubscribeSummaryAsync(cancellationToken: Ct);
        await stream.UnsubscribeAsync(summary, Ct);

        // Assert
        Assert.Equal("Executor no-such-executor not found", unknown.ServerMessage);
        Assert.Equal("No subscription found: executor_summary", notSubscribed.ServerMessage);
        Assert.Empty(stream.SubscriptionIds);
    }

    [Fact]
    public async Task Connect_WrongPassword_Refused4001()
    {
        await using var stream = new ExecutorStreamClient(new ExecutorStreamClientOptions
        {
            BaseAddress = _api!.HttpAddress,
            UserName = TestUsers.Reader,
            Password = "wrong",
        });

        var refused = await Assert.ThrowsAsync<ExecutorStreamException>(() => stream.ConnectAsync(Ct));

        Assert.True(refused.CloseStatus is 4001 or 401, $"close {refused.CloseStatus}");
    }

    [Fact]
    public async Task StreamEngineStops_StopAskedForAHeldExecutor_IsPushedAndResumesFromLastEventId()
    {
        // Arrange: an engine holds two executors and runs them (a NOT_STARTED one would be closed by the stop itself).
        var client = Client();
        var first = await CreateAsync(client);
        var second = await CreateAsync(client);
        var claimed = await client.ClaimExecutorsAsync("engine-7", new ClaimExecutorsRequest { Limit = 10 }, Ct);
        Assert.Equal(2, claimed.Executors.Count);
        foreach (var held in claimed.Executors)
        {
            await client.PutExecutorAsync(held.Executor.ExecutorId, Running(held.Executor, 1m), Ct);
        }
        await using var stream = Stream(https: true, user: TestUsers.Writer, password: TestUsers.WriterPassword);

        // Act: the first stop while listening; then, resuming from its event id, the second.
        EngineStopRequest pushed;
        await using (var stops = stream.StreamEngineStopsAsync("engine-7", cancellationToken: Ct).GetAsyncEnumerator(Ct))
        {
            var next = stops.MoveNextAsync().AsTask();
            await Task.Delay(500, Ct);
            await client.StopExecutorAsync(first, new StopExecutorRequest { KeepPosition = true }, Ct);
            Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            pushed = stops.Current;
        }

        await client.StopExecutorAsync(second, new StopExecutorRequest { KeepPosition = false }, Ct);
        EngineStopRequest resumed;
        await using (var stops = stream.StreamEngineStopsAsync("engine-7", pushed.EventId, Ct).GetAsyncEnumerator(Ct))
        {
            Assert.True(await stops.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
            resumed = stops.Current;
            while (resumed.ExecutorId == first)
            {
                // A state at the mark may come again (harmless, as the protocol says); the new stop follows.
                Assert.True(await stops.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
                resumed = stops.Current;
            }
        }

        // Assert
        Assert.Equal(first, pushed.ExecutorId);
        Assert.True(pushed.KeepPosition);
        Assert.NotNull(pushed.StopRequestedAt);
        Assert.False(string.IsNullOrEmpty(pushed.EventId));
        Assert.Equal(second, resumed.ExecutorId);
        Assert.False(resumed.KeepPosition);
    }

    private ExecutorStreamClient Stream(bool https = false, string user = TestUsers.Reader, string password = TestUsers.ReaderPassword)
    {
        var thumbprint = _certificate.Thumbprint;
        return new ExecutorStreamClient(new ExecutorStreamClientOptions
        {
            BaseAddress = https ? _api!.HttpsAddress : _api!.HttpAddress,
            UserName = user,
            Password = password,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == thumbprint,
        });
    }

    private IExecutorsApiClient Client()
    {
        var services = new ServiceCollection();
        services.AddExecutorsClient(o =>
        {
            o.BaseAddress = _api!.HttpsAddress;
            o.UserName = TestUsers.Writer;
            o.Password = TestUsers.WriterPassword;
        }).ConfigurePrimaryHttpMessageHandler(_certificate.PinnedHandler);
        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        return provider.GetRequiredService<IExecutorsApiClient>();
    }

    private static async Task<string> CreateAsync(IExecutorsApiClient client)
    {
        using var config = JsonDocument.Parse(HummingbotConfigs.Position);
        return (await client.CreateExecutorAsync(new CreateExecutorRequest { ExecutorConfig = config.RootElement.Clone() }, null, Ct)).ExecutorId;
    }

    private static ExecutorStateRequest Running(ExecutorDetailResponse record, decimal pnl) => new()
    {
        ExecutorId = record.ExecutorId,
        ExecutorType = record.ExecutorType,
        AccountName = record.AccountName,
        ConnectorName = record.ConnectorName,
        TradingPair = record.TradingPair,
        ControllerId = record.ControllerId,
        Status = "RUNNING",
        IsTrading = true,
        NetPnlQuote = pnl,
        NetPnlPct = pnl / 100,
        CumFeesQuote = 0.1m,
        FilledAmountQuote = 100m,
        Side = record.Side,
        Timestamp = record.Timestamp,
        CreatedAt = record.CreatedAt,
        Config = record.Config,
    };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static async IAsyncEnumerable<StreamMessage> Read(ExecutorStreamClient stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await foreach (var message in stream.ReadAllAsync(timeout.Token))
        {
            yield return message;
        }
    }

    private static async Task<T> NextAsync<T>(ExecutorStreamClient stream, Func<T, bool>? where = null)
        where T : StreamMessage
    {
        await foreach (var message in Read(stream))
        {
            if (message is T typed && (where is null || where(typed)))
            {
                return typed;
            }
        }

        throw new InvalidOperationException($"No {typeof(T).Name} arrived.");
    }
}
