using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Executors.Api.SharedLimits;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serilog.Core;

namespace Executors.Api.Tests.SharedLimits;

/// <summary>
/// Two API hosts on the same PostgreSQL and the same real redis-server, as two replicas behind a load balancer: the
/// per-user allowance and the failed sign-in counts are one budget for both, and with Redis stopped both keep serving
/// with their own limits and say so (readiness, metric, log) until it is back.
/// </summary>
public sealed class SharedLimitsTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Path = "/executors/types/available";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private RedisServer? _redis;

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task RequestsSplitBetweenTwoHosts_AreRefusedAtTheOneSharedAllowance()
    {
        // Arrange: 10 requests a minute per user; each host alone would allow 10.
        await using var first = Host(permitLimit: 10);
        await using var second = Host(permitLimit: 10);
        using var one = first.CreateReaderClient();
        using var two = second.CreateReaderClient();

        // Act: 20 requests at once, 10 to each host.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => StatusAsync(i % 2 == 0 ? one : two, Path)));

        // Assert: 10 in all, not 20; the refused ones are 429 with Retry-After.
        Assert.Equal(10, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(10, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        using var refused = await two.GetAsync(Path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task RowChargesOnOneHost_ComeOutOfTheAllowanceTheOtherHostSees()
    {
        // Arrange: 50 permits a minute; a page of 1,000 rows costs 41 (1 on entry, 40 charged by the controller).
        await using var first = Host(permitLimit: 50);
        await using var second = Host(permitLimit: 50);
        using var one = first.CreateReaderClient();
        using var two = second.CreateReaderClient();

        // Act
        using var page = await one.PostAsync("/executors/search", Json("""{"limit":1000}"""), TestContext.Current.CancellationToken);
        var after = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => StatusAsync(two, Path)));

        // Assert: 41 spent on the first host, 9 left for the second.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(9, after.Count(status => status == HttpStatusCode.OK));
    }

    [Fact]
    public async Task WrongPasswordsSplitBetweenTwoHosts_ThrottleTheNameAtTheSharedLimit()
    {
        // Arrange: at most 6 failures per user name a minute (the in-process test server has no client address, so
        // the per-name limit is the one that applies); each host alone sees 3.
        var throttling = new Dictionary<string, string?>
        {
            ["Authentication:FailureThrottling:MaxFailuresPerUserName"] = "6",
            ["Authentication:FailureThrottling:MaxFailures"] = "10",
        };
        await using var first = Host(permitLimit: 1000, throttling);
        await using var second = Host(permitLimit: 1000, throttling);
        using var one = first.CreateClient();
        using var two = second.CreateClient();

        // Act: six wrong passwords at once, three to each host; then the right one, to each.
        var wrong = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            StatusAsync(i % 2 == 0 ? one : two, Path, TestUsers.BasicHeader(TestUsers.Reader, $"guess-{i}"))));
        var right = await Task.WhenAll(
            StatusAsync(one, Path, TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword)),
            StatusAsync(two, Path, TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword)));
        var otherName = await StatusAsync(one, Path, TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));

        // Assert: the name is throttled on both hosts, unchecked (429, not 200); another name is not.
        Assert.All(wrong, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.All(right, status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(HttpStatusCode.OK, otherName);
    }

    [Fact]
    public async Task HashingBound_IsOneForBothHosts_TheSecondCheckAtOnceIs503_AndTheSlotComesBack()
    {
        // Arrange: a user whose hash is slow (every check costs what the dearest hash costs), one PBKDF2 check at once
        // across the replicas, and a wait for a cluster slot of at most 100 ms. Each host alone may hash one at once.
        var slow = new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = "slow",
            ["Authentication:Users:4:PasswordHash"] = Executors.Api.Authentication.PasswordHash.Create("slow-password", 1_000_000),
            ["Authentication:Users:4:Accounts:0"] = "*",
            ["Authentication:Hashing:MaxConcurrency"] = "1",
            ["Redis:HashingConcurrency"] = "1",
            ["Redis:HashingQueueTimeout"] = "00:00:00.100",
        };
        await using var first = Host(permitLimit: 1000, slow);
        await using var second = Host(permitLimit: 1000, slow);
        using var one = first.CreateClient();
        using var two = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(one, "/health/live"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(two, "/health/live"));

        // Act: one sign-in to each host at once (other guesses: they cannot share a check).
        var statuses = await Task.WhenAll(
            StatusAsync(one, Path, TestUsers.BasicHeader("slow", "guess-1")),
            StatusAsync(two, Path, TestUsers.BasicHeader("slow", "guess-2")));
        var afterwards = await StatusAsync(two, Path, TestUsers.BasicHeader("slow", "slow-password"));

        // Assert: one was hashed (401), the other found the deployment's one slot taken (503); the slot was given back.
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Equal(HttpStatusCode.OK, afterwards);
    }

    [Fact]
    public async Task RedisStoppedThenRestarted_BothHostsServeWithTheirOwnLimitsAndSaySo_ThenShareAgain()
    {
        // Arrange
        var sinks = new[] { new CollectingLogSink(), new CollectingLogSink() };
        await using var first = Host(permitLimit: 6, logs: sinks[0]);
        await using var second = Host(permitLimit: 6, logs: sinks[1]);
        ApiFactory[] hosts = [first, second];
        using var one = first.CreateReaderClient();
        using var two = second.CreateReaderClient();
        using var fallbacks = new CounterRecorder(first.Services, SharedLimitStore.MeterName);
        await WaitForRedisAsync(hosts, HealthStatus.Healthy);

        // Act 1: Redis goes away.
        await Redis.StopAsync();
        await WaitForRedisAsync(hosts, HealthStatus.Degraded);
        var during = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => StatusAsync(i % 2 == 0 ? one : two, Path)));

        // Assert 1: both serve, each within its own 6 (8 in all: more than the shared 6); readiness says Degraded
        // (still 200 for a load balancer) with the detail; the gauge is 0; fallbacks are counted; one warning each.
        Assert.All(during, status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var host in hosts)
        {
            using var ready = await host.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var entry = await RedisEntryAsync(host) ?? throw new InvalidOperationException("No redis readiness entry.");
            Assert.Equal(HealthStatus.Degraded, entry.Status);
            Assert.Contains("per process", entry.Description, StringComparison.Ordinal);
            Assert.Equal(0, Gauge(host.Services, "executors.redis.available"));
        }

        Assert.True(fallbacks["executors.redis.fallbacks"] >= 4, $"fallbacks counted: {fallbacks["executors.redis.fallbacks"]}");
        Assert.All(sinks, sink => Assert.Single(sink.WithEventId(RedisLog.LimitsPerProcessId)));
        var sharedLogsBefore = sinks.Select(sink => sink.WithEventId(RedisLog.LimitsSharedId).Count).ToArray();

        // Act 2: Redis is back (empty: it keeps nothing on disk).
        await Redis.StartAgainAsync(TestContext.Current.CancellationToken);
        await WaitForRedisAsync(hosts, HealthStatus.Healthy);
        using var writerOne = Client(first, TestUsers.Writer, TestUsers.WriterPassword);
        using var writerTwo = Client(second, TestUsers.Writer, TestUsers.WriterPassword);
        var after = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => StatusAsync(i % 2 == 0 ? writerOne : writerTwo, Path)));

        // Assert 2: one shared allowance again, the gauge 1, one information line each; still one warning each.
        Assert.Equal(6, after.Count(status => status == HttpStatusCode.OK));
        Assert.All(hosts, host => Assert.Equal(1, Gauge(host.Services, "executors.redis.available")));
        for (var i = 0; i < sinks.Length; i++)
        {
            Assert.Equal(sharedLogsBefore[i] + 1, sinks[i].WithEventId(RedisLog.LimitsSharedId).Count);
            Assert.Single(sinks[i].WithEventId(RedisLog.LimitsPerProcessId));
        }
    }

    [Fact]
    public async Task RedisThatHangs_CostsATimeoutNowAndThen_NotOnEveryRequest_AndIsSharedAgainWhenItAnswers()
    {
        // Arrange
        await using var api = Host(permitLimit: 1000);
        using var client = api.CreateReaderClient();
        using var fallbacks = new CounterRecorder(api.Services, SharedLimitStore.MeterName);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, Path));
        await WaitForRedisAsync([api], HealthStatus.Healthy);

        // Act: Redis stops answering but keeps its connections open (SIGSTOP).
        await Redis.PauseAsync(TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add(await StatusAsync(client, Path));
        }

        var elapsed = clock.Elapsed;
        var degraded = await RedisEntryAsync(api);
        await Redis.ResumeAsync(TestContext.Current.CancellationToken);

        // Assert: all served, ~1 s (one timeout, then per process); trying Redis on every request took 5.5 s here until
        // StackExchange.Redis gave the connection up. Per process meanwhile, and shared again after.
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(elapsed < TimeSpan.FromSeconds(3.5), $"20 requests took {elapsed}");
        Assert.True(fallbacks["executors.redis.fallbacks"] >= 10, $"fallbacks counted: {fallbacks["executors.redis.fallbacks"]}");
        Assert.Equal(HealthStatus.Degraded, degraded?.Status);
        await WaitForRedisAsync([api], HealthStatus.Healthy);
    }

    [Fact]
    public async Task RedisUnreachableAtStart_TheHostStartsAndServesWithoutWaitingOnIt()
    {
        // Arrange: nothing listens there any more.
        await Redis.StopAsync();
        var clock = Stopwatch.StartNew();
        await using var api = Host(permitLimit: 100);
        using var client = api.CreateReaderClient();

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add(await StatusAsync(client, Path));
        }

        // Assert
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(HealthStatus.Degraded, (await RedisEntryAsync(api))?.Status);
    }

    [Theory]
    [InlineData("Redis:Configuration", ",", "Redis:Configuration")]
    [InlineData("Redis:KeyPrefix", "two words", "KeyPrefix")]
    [InlineData("Redis:KeyPrefix", "", "KeyPrefix")]
    public async Task InvalidRedisSettings_RefuseToStartNamingTheKey(string key, string value, string named)
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = Redis.Configuration,
            [key] = value,
        });

        // Act
        var failure = Record.Exception(() => api.CreateClient());

        // Assert
        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(failure);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutRedisConfiguration_ThereIsNoRedisReadinessEntry()
    {
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString);
        using var client = api.CreateClient();

        // Act
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain(RedisHealthCheck.Name, report.Entries.Keys);
        Assert.False(api.Services.GetRequiredService<SharedLimitStore>().Configured);
    }

    [Fact]
    public async Task StartUpWarmUp_LoadsTheSharedLimitScriptInRedis_BeforeTheFirstRequest()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var api = Host(permitLimit: 100, new Dictionary<string, string?> { ["WarmUp:Enabled"] = "true" });

        // Act: start the host, and nothing else.
        using var client = api.CreateClient();
        using var live = await client.GetAsync("/health/live", ct);

        // Assert: the warm-up talked to Redis (a look at a throwaway window), so the first request does not.
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var report = api.Services.GetRequiredService<Executors.Api.Hosting.StartupWarmUp>().Report;
        Assert.NotNull(report);
        Assert.True(report.Redis, "the warm-up did not reach Redis");
        Assert.True(api.Services.GetRequiredService<SharedLimitStore>().Available);
    }

    private ApiFactory Host(int permitLimit, Dictionary<string, string?>? extra = null, ILogEventSink? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = Redis.Configuration,
            ["RateLimiting:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:Window"] = "00:01:00",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new ApiFactory(postgres.ConnectionString, settings, services: logs is null ? null : services => services.AddSingleton(logs));
    }

    private static HttpClient Client(ApiFactory api, string user, string password)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task<HealthReportEntry?> RedisEntryAsync(ApiFactory api)
    {
        var report = await api.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == RedisHealthCheck.Name, TestContext.Current.CancellationToken);
        return report.Entries.TryGetValue(RedisHealthCheck.Name, out var entry) ? entry : null;
    }

    /// <summary>Waits (bounded) until every host's "redis" readiness entry has <paramref name="status"/>.</summary>
    private static async Task WaitForRedisAsync(ApiFactory[] hosts, HealthStatus status)
    {
        var clock = Stopwatch.StartNew();
        foreach (var host in hosts)
        {
            while ((await RedisEntryAsync(host))?.Status != status)
            {
                Assert.True(clock.Elapsed < Bound, $"the redis readiness entry did not become {status} within {Bound}");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>The gauge's current value as one host publishes it (other hosts' meters are ignored).</summary>
    private static int? Gauge(IServiceProvider services, string name)
    {
        var scope = services.GetRequiredService<IMeterFactory>();
        int? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == SharedLimitStore.MeterName && ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name == name)
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
