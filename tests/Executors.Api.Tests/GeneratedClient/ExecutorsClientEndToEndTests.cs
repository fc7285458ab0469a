using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Client;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.GeneratedClient;

/// <summary>
/// The generated client as another service uses it: registered with <c>AddExecutorsClient</c>, over HTTPS, against the
/// real app on real Kestrel with a certificate made here and pinned by the client's primary handler.
/// </summary>
public sealed class ExecutorsClientEndToEndTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Id = "FxP3k.grid_1:a-b";
    private readonly TestCertificate _certificate = new();
    private KestrelApi? _api;

    private KestrelApi Api => _api!;

    public async ValueTask InitializeAsync()
    {
        await postgres.ResetAsync();
        _api = new KestrelApi(postgres.ConnectionString, _certificate);
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task GetExecutorAsync_StoredExecutor_ReturnsEveryFieldOfTheAggregate()
    {
        // Arrange
        var stored = FullyPopulatedExecutor();
        await StoreAsync(stored);
        using var services = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        var executor = await services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync(Id, TestContext.Current.CancellationToken);

        // Assert: every one of the 22 fields, typed.
        Assert.Equal(stored.ExecutorId, executor.ExecutorId);
        Assert.Equal(stored.State.ExecutorType, executor.ExecutorType);
        Assert.Equal(stored.State.AccountName, executor.AccountName);
        Assert.Equal(stored.State.ConnectorName, executor.ConnectorName);
        Assert.Equal(stored.State.TradingPair, executor.TradingPair);
        Assert.Equal(WireCodes.ToCode(stored.State.Status), executor.Status);
        Assert.Equal(stored.IsActive, executor.IsActive);
        Assert.Equal(stored.State.IsTrading, executor.IsTrading);
        Assert.Equal(stored.State.NetPnlQuote, executor.NetPnlQuote);
        Assert.Equal(stored.State.NetPnlPct, executor.NetPnlPct);
        Assert.Equal(stored.State.CumFeesQuote, executor.CumFeesQuote);
        Assert.Equal(stored.State.FilledAmountQuote, executor.FilledAmountQuote);
        Assert.Equal(WireCodes.ToCode(stored.State.Side!.Value), executor.Side);
        Assert.Equal(stored.State.Timestamp!.Value.ToUnixTimeMilliseconds() / 1000m, executor.Timestamp);
        Assert.Equal(stored.State.CreatedAt, executor.CreatedAt);
        Assert.Equal(WireCodes.ToCode(stored.State.CloseType!.Value), executor.CloseType);
        Assert.Equal(stored.State.CloseTimestamp!.Value.ToUnixTimeSeconds(), executor.CloseTimestamp);
        Assert.Equal(stored.State.ControllerId, executor.ControllerId);
        Assert.Equal(stored.ErrorCount, executor.ErrorCount);
        Assert.Equal(stored.LastError, executor.LastError);
        AssertSameJson(stored.State.Config!.Json, executor.Config);
        AssertSameJson(stored.State.CustomInfo!.Json, executor.CustomInfo);
    }

    [Fact]
    public async Task Client_ServiceCreatesEngineClaimsHeartbeatsAndStops_OverHttps()
    {
        // Arrange: a service creates through the client; an engine takes it on through the client.
        using var writer = ClientServices(TestUsers.Writer, TestUsers.WriterPassword);
        var client = writer.GetRequiredService<IExecutorsApiClient>();
        var ct = TestContext.Current.CancellationToken;
        using var config = JsonDocument.Parse(HummingbotConfigs.Twap);

        // Act
        var created = await client.CreateExecutorAsync(new CreateExecutorRequest { ExecutorConfig = config.RootElement.Clone() }, "create-1", ct);
        var again = await client.CreateExecutorAsync(new CreateExecutorRequest { ExecutorConfig = config.RootElement.Clone() }, "create-1", ct);
        var claimed = await client.ClaimExecutorsAsync("engine-1", new ClaimExecutorsRequest { Limit = 5 }, ct);
        var stopped = await client.StopExecutorAsync(created.ExecutorId, new StopExecutorRequest { KeepPosition = false }, ct);
        var held = await client.RenewLeasesAsync("engine-1", ct);

        // Assert
        Assert.Equal(created.ExecutorId, again.ExecutorId);
        Assert.Equal("NOT_STARTED", created.Status);
        Assert.Equal(created.ExecutorId, Assert.Single(claimed.Executors).Executor.ExecutorId);
        Assert.Equal("stopping", stopped.Status);
        Assert.Empty(held.Executors); // a NOT_STARTED executor is closed by its stop: nothing left to run
    }

    [Fact]
    public async Task Client_EngineReportsAndServicesRead_EveryOperationRoundTrips()
    {
        // Arrange: the trading engine writes, another service reads.
        using var writer = ClientServices(TestUsers.Writer, TestUsers.WriterPassword);
        using var reader = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword);
        var engine = writer.GetRequiredService<IExecutorsApiClient>();
        var service = reader.GetRequiredService<IExecutorsApiClient>();
        var ct = TestContext.Current.CancellationToken;
        using var config = JsonDocument.Parse(HummingbotConfigs.Position);

        // Act
        var created = await engine.PutExecutorAsync("EngineExec1", new ExecutorStateRequest
        {
            ExecutorType = "position_executor", AccountName = "master_account", ConnectorName = "binance_perpetual",
            TradingPair = "BTC-USDT", Status = "RUNNING", IsTrading = true, NetPnlQuote = 12.5m, FilledAmountQuote = 500m,
            Side = "BUY", Timestamp = 1705315800m, Config = config.RootElement.Clone(),
        }, ct);
        var appended = await engine.AppendExecutorLogsAsync("EngineExec1", new AppendExecutorLogsRequest
        {
            Entries = [new LogEntryRequest { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1705315900), Level = "ERROR", Message = "order rejected" }],
        }, ct);
        var page = await service.SearchExecutorsAsync(new SearchExecutorsQuery { AccountNames = ["master_account"], Limit = 10 }, ct);
        var logs = await service.GetExecutorLogsAsync("EngineExec1", "ERROR", 10, ct);
        var summary = await service.GetExecutorsSummaryAsync(ct);
        var types = await service.GetAvailableExecutorTypesAsync(ct);
        var schema = await service.GetExecutorConfigSchemaAsync("grid_executor", ct);
        var forbidden = await Assert.ThrowsAnyAsync<ExecutorsApiException>(() =>
            service.AppendExecutorLogsAsync("EngineExec1", new AppendExecutorLogsRequest { Entries = [new LogEntryRequest { Timestamp = DateTimeOffset.FromUnixTimeSeconds(1705315900), Level = "INFO", Message = "x" }] }, ct));

        // Assert
        Assert.Equal("RUNNING", created.Status);
        Assert.Equal(1, appended.ErrorCount);
        Assert.Equal("EngineExec1", Assert.Single(page.Data).ExecutorId);
        Assert.Equal(1, page.Pagination.TotalCount);
        Assert.Equal("order rejected", Assert.Single(logs.Logs).Message);
        Assert.Equal(1, summary.TotalActive);
        Assert.Equal(12.5m, summary.TotalPnlQuote);
        Assert.Equal(8, types.ExecutorTypes.Count);
        Assert.Equal("GridExecutorConfig", schema.ConfigClass);
        var spread = Assert.Single(schema.Fields, field => field.Name == "min_spread_between_orders");
        Assert.Equal("0.0005", spread.Default?.GetString());
        Assert.Equal(["BUY", "SELL", "RANGE"], schema.NestedTypes["TradeType"].Values);
        Assert.Equal(403, forbidden.StatusCode);
        Assert.False(string.IsNullOrEmpty(forbidden.Detail));
    }

    [Fact]
    public async Task GetPerformanceReportAsync_OneController_ReadsEveryFigure()
    {
        // Arrange: two realized executors of controller "c1" (PnL 3 and -1), one running (PnL 2), one of another controller.
        foreach (var executor in new[]
        {
            new ExecutorBuilder("Perf1").ForController("c1").WithPerformance(3m, 1m, 0.5m, 100m).Terminated(CloseType.TakeProfit).Build(),
            new ExecutorBuilder("Perf2").ForController("c1").WithPerformance(-1m, -1m, 0.25m, 50m).Terminated(CloseType.StopLoss).Build(),
            new ExecutorBuilder("Perf3").ForController("c1").WithPerformance(2m).Build(),
            new ExecutorBuilder("Perf4").ForController("c2").WithPerformance(40m).Terminated(CloseType.TakeProfit).Build(),
        })
        {
            await StoreAsync(executor);
        }

        using var services = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        var report = await services.GetRequiredService<IExecutorsApiClient>().GetPerformanceReportAsync("c1", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("c1", report.ControllerId);
        Assert.Equal(3, report.TotalExecutors);
        Assert.Equal(2m, report.PnlTotalQuote);
        Assert.Equal(2m, report.UnrealizedPnlQuote);
        Assert.Equal(4m, report.GlobalPnlQuote);
        Assert.Equal(0.5m, report.WinRate);
        Assert.Equal(0.3536m, report.SharpeRatio); // mean 1 over sqrt(((3-1)² + (-1-1)²) / 1)
        Assert.Equal(0, report.ActivePositions);
        var type = Assert.Single(report.ByType);
        Assert.Equal(("position_executor", 3, 2, 1, 150m), (type.ExecutorType, type.Total, type.Completed, type.Running, type.VolumeQuote));
    }

    [Fact]
    public async Task GetExecutorAsync_MinimalExecutor_ReturnsNullsForTheOptionalFields()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("Minimal01").OfType(ExecutorTypes.Twap).ForAccount(null).OnConnector(null).ForPair(null).Build());
        using var services = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        var executor = await services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync("Minimal01", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("Minimal01", executor.ExecutorId);
        Assert.Null(executor.AccountName);
        Assert.Null(executor.Side);
        Assert.Null(executor.CloseType);
        Assert.Null(executor.CloseTimestamp);
        Assert.Null(executor.LastError);
        Assert.Null(executor.Config);
        Assert.Null(executor.CustomInfo);
        Assert.Equal(0, executor.ErrorCount);
    }

    [Fact]
    public async Task GetExecutorAsync_Utf8UserWithColonInPassword_Authenticates()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("Unicode01").ForAccount("a").OnConnector("binance").Build());
        using var services = ClientServices(TestUsers.Unicode, TestUsers.UnicodePassword);

        // Act
        var executor = await services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync("Unicode01", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("Unicode01", executor.ExecutorId);
    }

    [Fact]
    public async Task GetExecutorAsync_UnknownExecutor_ThrowsWith404ProblemDetails()
    {
        // Arrange
        using var services = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        var failure = await Record.ExceptionAsync(() =>
            services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync("NoSuchExecutor123", TestContext.Current.CancellationToken));

        // Assert
        var exception = Assert.IsType<ExecutorsApiException>(failure, exactMatch: false);
        Assert.Equal(404, exception.StatusCode);
        Assert.Equal(404, exception.ProblemDetails?.Status);
        Assert.False(string.IsNullOrWhiteSpace(exception.ProblemDetails?.Title));
        Assert.Contains("NoSuchExecutor123", exception.Detail, StringComparison.Ordinal);
        Assert.Empty(exception.Errors);
    }

    [Fact]
    public async Task StopExecutorAsync_EngineSideService_StopsThenSeesAlreadyClosed()
    {
        // Arrange: a NOT_STARTED executor (closed by the stop itself) and one its engine closed.
        await StoreAsync(new ExecutorBuilder("ClientStop1").ForAccount("acct").WithStatus(ExecutorStatus.NotStarted).Build());
        await StoreAsync(new ExecutorBuilder("ClientStop2").ForAccount("acct").Terminated().Build());
        using var services = ClientServices(TestUsers.Writer, TestUsers.WriterPassword);
        var client = services.GetRequiredService<IExecutorsApiClient>();

        // Act
        var stopped = await client.StopExecutorAsync("ClientStop1", new StopExecutorRequest { KeepPosition = true }, TestContext.Current.CancellationToken);
        var record = await client.GetExecutorAsync("ClientStop1", TestContext.Current.CancellationToken);
        var failure = await Record.ExceptionAsync(() =>
            client.StopExecutorAsync("ClientStop2", new StopExecutorRequest(), TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("ClientStop1", stopped.ExecutorId);
        Assert.Equal("stopping", stopped.Status);
        Assert.True(stopped.KeepPosition);
        Assert.Equal("TERMINATED", record.Status);
        Assert.Equal("EARLY_STOP", record.CloseType);
        var exception = Assert.IsType<ExecutorsApiException>(failure, exactMatch: false);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("Executor ClientStop2 is already closed", exception.Detail);
    }

    [Fact]
    public async Task GetExecutorAsync_WrongPassword_ThrowsWith401ProblemDetails()
    {
        // Arrange
        await StoreAsync(FullyPopulatedExecutor());
        using var services = ClientServices(TestUsers.Reader, "not-the-password");

        // Act
        var failure = await Record.ExceptionAsync(() =>
            services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync(Id, TestContext.Current.CancellationToken));

        // Assert
        var exception = Assert.IsType<ExecutorsApiException>(failure, exactMatch: false);
        Assert.Equal(401, exception.StatusCode);
        Assert.Equal(401, exception.ProblemDetails?.Status);
        Assert.False(string.IsNullOrWhiteSpace(exception.Detail));
        Assert.Contains("Basic", string.Join(",", exception.Headers["WWW-Authenticate"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("été")]
    [InlineData("semi;colon")]
    public async Task GetExecutorAsync_MalformedId_ThrowsWith400NamingTheField(string id)
    {
        // Arrange
        using var services = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        var failure = await Record.ExceptionAsync(() =>
            services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync(id, TestContext.Current.CancellationToken));

        // Assert
        var exception = Assert.IsType<ExecutorsApiException>(failure, exactMatch: false);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal(400, exception.ProblemDetails?.Status);
        Assert.Contains("executor_id", exception.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(Assert.Contains("executor_id", exception.Errors));
    }

    [Fact]
    public async Task GetExecutorAsync_DatabaseUnreachable_ThrowsWith503ProblemDetailsAndRetryAfter()
    {
        // Arrange: the same app on a loopback port where no PostgreSQL listens.
        await using var api = new KestrelApi(UnreachableDatabase.ConnectionString(), _certificate);
        using var services = ClientServices(TestUsers.Reader, TestUsers.ReaderPassword, api.HttpsAddress);

        // Act
        var failure = await Record.ExceptionAsync(() =>
            services.GetRequiredService<IExecutorsApiClient>().GetExecutorAsync(Id, TestContext.Current.CancellationToken));

        // Assert
        var exception = Assert.IsType<ExecutorsApiException>(failure, exactMatch: false);
        Assert.Equal(503, exception.StatusCode);
        Assert.Equal(503, exception.ProblemDetails?.Status);
        Assert.False(string.IsNullOrWhiteSpace(exception.Detail));
        Assert.False(string.IsNullOrWhiteSpace(exception.ProblemDetails?.TraceId));
        Assert.Equal(["5"], exception.Headers["Retry-After"]);
    }

    private static Executor FullyPopulatedExecutor() => ExecutorBuilder.FullyPopulated(Id).Build();

    private static void AssertSameJson(string expected, JsonElement? actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        Assert.NotNull(actual);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actual.Value), $"expected {expected}, got {actual.Value.GetRawText()}");
    }

    /// <summary>What a consuming service writes: one line, plus the test's pinned certificate as the primary handler.</summary>
    private ServiceProvider ClientServices(string userName, string password, Uri? baseAddress = null)
    {
        var services = new ServiceCollection();
        services
            .AddExecutorsClient(o =>
            {
                o.BaseAddress = baseAddress ?? Api.HttpsAddress;
                o.UserName = userName;
                o.Password = password;
            })
            .ConfigurePrimaryHttpMessageHandler(_certificate.PinnedHandler);
        return services.BuildServiceProvider();
    }

    private async Task StoreAsync(Executor executor)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().AddAsync(executor, TestContext.Current.CancellationToken);
    }
}
