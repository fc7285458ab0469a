using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Security;

/// <summary>The per-user request rate limit, with a tiny limit (2 per minute) so that the third request is over it.</summary>
public sealed class RateLimitingTests(PostgresServer postgres)
{
    [Fact]
    public async Task ThirdRequestInTheWindow_Is429WithRetryAfter_AndOtherUsersAreUnaffected()
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("2"));
        using var reader = api.CreateReaderClient();
        using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);

        // Act
        using var first = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var second = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var third = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var otherUser = await writer.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert: the limit is the user's own: the writer still has its two.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = third.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        using var problem = await ProblemAssert.ReadAsync(third, 429);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task SameUserFromTwoClients_SharesOneLimit()
    {
        // Arrange: the limit follows the user name, not the connection.
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("2"));

        // Act
        using var first = await api.CreateReaderClient().GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var second = await api.CreateReaderClient().GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var third = await api.CreateReaderClient().GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task AnonymousRequests_AreLimitedToo_ButHealthProbesNever()
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("2"));
        using var anonymous = api.CreateClient();

        // Act
        var health = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var probe = await anonymous.GetAsync("/health/live", TestContext.Current.CancellationToken);
            health.Add(probe.StatusCode);
        }

        using var first = await anonymous.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var second = await anonymous.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var third = await anonymous.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert
        Assert.All(health, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task PermitLimitZero_TurnsTheLimitOff()
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("0"));
        using var reader = api.CreateReaderClient();

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        // Assert
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task LargePages_CostInProportionToTheirRows_WhileSmallRequestsStillFit()
    {
        // Arrange: 100 permits a minute. A page of 1,000 rows costs 1 + 1000 / 25 = 41 permits, a GET 1.
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("100"));
        using var reader = api.CreateReaderClient();
        using var writer = Client(api, TestUsers.Writer, TestUsers.WriterPassword);
        var bigPage = new { limit = 1000 };

        // Act
        using var first = await reader.PostAsJsonAsync("/executors/search", bigPage, TestContext.Current.CancellationToken);
        using var second = await reader.PostAsJsonAsync("/executors/search", bigPage, TestContext.Current.CancellationToken);
        using var third = await reader.PostAsJsonAsync("/executors/search", bigPage, TestContext.Current.CancellationToken);
        using var small = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var logs = await reader.GetAsync("/executors/NoSuchExecutor/logs?limit=1000", TestContext.Current.CancellationToken);
        using var otherUser = await writer.PostAsJsonAsync("/executors/search", bigPage, TestContext.Current.CancellationToken);

        // Assert: 82 permits spent, the third page refused, a GET still fits, 17 left are too few for 1,000 log lines.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter?.Delta);
        using var problem = await ProblemAssert.ReadAsync(third, 429);
        Assert.Contains("41", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, logs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Theory]
    [InlineData("/executors/summary")]
    [InlineData("/executors/performance")]
    public async Task Aggregates_CostTheSummaryPermits(string path)
    {
        // Arrange: 21 permits a minute; an aggregate over every visible executor costs 20 (Security/UserRateLimiter).
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("21"));
        using var reader = api.CreateReaderClient();

        // Act
        using var aggregate = await reader.GetAsync(path, TestContext.Current.CancellationToken);
        using var oneMore = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);
        using var over = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, aggregate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, oneMore.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
    }

    [Fact]
    public async Task RequestCostingMoreThanTheWholeWindow_CostsTheWholeWindow()
    {
        // Arrange: 10 permits a minute; a page of 1,000 would cost 41.
        await using var api = new ApiFactory(postgres.ConnectionString, Settings("10"));
        using var reader = api.CreateReaderClient();

        // Act
        using var first = await reader.PostAsJsonAsync("/executors/search", new { limit = 1000 }, TestContext.Current.CancellationToken);
        using var next = await reader.GetAsync("/executors/types/available", TestContext.Current.CancellationToken);

        // Assert: allowed once, and nothing else fits in that window.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
    }

    private static Dictionary<string, string?> Settings(string permitLimit) => new()
    {
        ["RateLimiting:PermitLimit"] = permitLimit,
        ["RateLimiting:Window"] = "00:01:00",
    };

    private static HttpClient Client(ApiFactory api, string user, string password)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }
}
