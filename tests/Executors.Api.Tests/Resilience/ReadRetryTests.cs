using System.Net;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Executors.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Resilience;

/// <summary>
/// A transient failure (a pooled connection the server closed, as after a restart) is absorbed by one more try on
/// reads; writes are tried exactly once, because a write retried after an ambiguous failure could apply twice.
/// </summary>
public sealed class ReadRetryTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Id = "RetryExecutor_1";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // Stored past the API (and so past its interceptor).
        await using var db = Database.CreateDbContext();
        var executor = new ExecutorBuilder(Id).OnConnector("binance").WithSide(TradeSide.Buy).WithStatus(ExecutorStatus.Running).Build();
        db.Executors.Add(executor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(DataEndpoints.Reads), MemberType = typeof(DataEndpoints))]
    public async Task Read_FirstQueryFailsTransiently_RetriedOnceAndAnswered200(string endpoint)
    {
        // Arrange
        var failing = new FailingCommands(FailingCommands.IsSelect, failures: 1);
        await using var api = ApiWith(failing);
        using var client = api.CreateClient();

        // Act
        using var response = await client.SendAsync(DataEndpoints.Request(endpoint, Id), TestContext.Current.CancellationToken);

        // Assert: the failed query was sent again (one more SELECT than the endpoint needs), and the client never knew.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(failing.Matched >= 2, $"{failing.Matched} SELECTs");
    }

    [Theory]
    [MemberData(nameof(DataEndpoints.Reads), MemberType = typeof(DataEndpoints))]
    public async Task Read_FailsTwice_RetriedOnlyOnceThen503(string endpoint)
    {
        // Arrange
        var failing = new FailingCommands(FailingCommands.IsSelect, failures: int.MaxValue);
        await using var api = ApiWith(failing);
        using var client = api.CreateClient();

        // Act
        using var response = await client.SendAsync(DataEndpoints.Request(endpoint, Id), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, failing.Matched);
    }

    [Fact]
    public async Task Read_TimesOut_NotRetried()
    {
        // Arrange: a timeout has already used up the client's patience; a second try would only double the wait.
        var failing = new FailingCommands(FailingCommands.IsSelect, failures: int.MaxValue, FailingCommands.ConnectTimeout);
        await using var api = ApiWith(failing);
        using var client = api.CreateClient();

        // Act
        using var response = await client.SendAsync(DataEndpoints.Request(DataEndpoints.GetExecutor, Id), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, failing.Matched);
    }

    [Theory]
    [MemberData(nameof(DataEndpoints.Writes), MemberType = typeof(DataEndpoints))]
    public async Task Write_FailsTransiently_TriedExactlyOnceAnd503(string endpoint)
    {
        // Arrange: the INSERT or UPDATE itself fails.
        var failing = new FailingCommands(FailingCommands.IsWrite, failures: 1);
        await using var api = ApiWith(failing);
        using var client = api.CreateClient();

        // Act
        using var response = await client.SendAsync(DataEndpoints.Request(endpoint, Id), TestContext.Current.CancellationToken);

        // Assert: the client is told to retry; the service did not.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, failing.Matched);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.ExecutorLogs.CountAsync(TestContext.Current.CancellationToken));
        var stored = await db.Executors.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0m, stored.State.NetPnlQuote);
        Assert.Null(stored.StopRequest);
    }

    [Theory]
    [MemberData(nameof(DataEndpoints.WritesThatRead), MemberType = typeof(DataEndpoints))]
    public async Task Write_ItsReadFailsTransiently_NotRetriedEither(string endpoint)
    {
        // Arrange: the executor is loaded for update (a SELECT) and that fails; the whole write stays one try.
        var failing = new FailingCommands(FailingCommands.IsSelect, failures: 1);
        await using var api = ApiWith(failing);
        using var client = api.CreateClient();

        // Act
        using var response = await client.SendAsync(DataEndpoints.Request(endpoint, Id), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, failing.Matched);
    }

    /// <summary>A host of the test's own: the interceptor is part of its DbContext's options, fixed when the host is built.</summary>
    private ApiFactory ApiWith(FailingCommands failing) =>
        new(Database.ConnectionString, services: services =>
            services.ConfigureDbContext<ExecutorsDbContext>(options => options.AddInterceptors(failing)));
}
