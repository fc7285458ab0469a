using System.Globalization;
using System.Net;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Failed Basic checks throttled per client address and per user name, on real Kestrel. The client address comes the
/// way it does in production behind a proxy: 127.0.0.1 is a configured known proxy, so X-Forwarded-For is believed.
/// Time is a FakeTimeProvider, so windows end when the test says so.
/// </summary>
public sealed class FailedAuthenticationThrottlingTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Id = "ThrottleExecutor01";
    private const string HashChecks = "executors.authentication.hash_checks";
    private const string Throttled = "executors.authentication.throttled";
    private const string AddressA = "203.0.113.10";
    private const string AddressB = "203.0.113.20";
    private const string AddressC = "198.51.100.7";

    private readonly TestCertificate _certificate = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TenWrongPasswords_EleventhAttemptIs429WithRetryAfterAndIsNotHashed()
    {
        // Arrange
        await using var api = await StartAsync();
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = Client(api);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, AddressA, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Act: the 11th, even with the right password (not cached yet): answering 200 here would make 429-vs-200 an oracle.
        using var response = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
        using var problem = await ProblemAssert.ReadAsync(response, 429);
        Assert.Equal(10, counters[HashChecks]);
        Assert.Equal(1, counters[Throttled]);
    }

    [Fact]
    public async Task FailuresForOneUserNameFromTwoAddresses_ThrottleThatNameFromAThirdAddress()
    {
        // Arrange: 5 + 5 failures for "reader", from two addresses (neither reaches 10 alone).
        await using var api = await StartAsync();
        using var client = Client(api);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, i % 2 == 0 ? AddressA : AddressB, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Act
        using var sameName = await GetAsync(client, AddressC, TestUsers.Reader, TestUsers.ReaderPassword);
        using var otherName = await GetAsync(client, AddressC, TestUsers.Writer, TestUsers.WriterPassword);

        // Assert: the name is throttled wherever it comes from; the third address itself is not.
        Assert.Equal(HttpStatusCode.TooManyRequests, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherName.StatusCode);
    }

    [Fact]
    public async Task FailuresFromOneAddressAcrossUserNames_ThrottleThatAddress()
    {
        // Arrange: 10 failures from one address, each for another (unknown) user name, and malformed headers count too.
        await using var api = await StartAsync();
        using var client = Client(api);
        for (var i = 0; i < 9; i++)
        {
            using var wrong = await GetAsync(client, AddressA, $"nobody-{i}", "guess");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var malformed = await SendAsync(client, AddressA, "Basic !!!not-base64!!!");
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);

        // Act
        using var sameAddress = await GetAsync(client, AddressA, TestUsers.Writer, TestUsers.WriterPassword);
        using var otherAddress = await GetAsync(client, AddressB, TestUsers.Writer, TestUsers.WriterPassword);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, sameAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task SignedInUser_KeepsGetting200WhileSomeoneGuessesTheirPassword()
    {
        // Arrange: the reader signs in (its credentials are now in the verified-credential cache), then someone else
        // fails ten times for the same name.
        await using var api = await StartAsync();
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = Client(api);
        using var signIn = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, AddressB, TestUsers.Reader, $"guess-{i}");
        }

        // Act
        using var cached = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        using var cachedAgain = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        // The same credentials spelt otherwise ("basic" in lower case): the same cache entry, not a new check.
        using var respelt = await SendAsync(client, AddressA, "basic" + TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword)[5..]);

        // Assert
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cachedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, respelt.StatusCode);
        Assert.Equal(11, counters[HashChecks]);
        Assert.Equal(0, counters[Throttled]);
    }

    [Fact]
    public async Task MalformedSpellings_CountTowardTheAddressWithoutHashing()
    {
        // Arrange: the reader's own credentials, with a space inside the base64 token: not a spelling RFC 7617 allows.
        await using var api = await StartAsync();
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = Client(api);
        var token = TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword)["Basic ".Length..];
        for (var i = 0; i < 10; i++)
        {
            using var malformed = await SendAsync(client, AddressA, $"Basic {token[..(i + 1)]} {token[(i + 1)..]}");
            Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        }

        // Act
        using var response = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(0, counters[HashChecks]);
    }

    [Fact]
    public async Task ThrottledName_IsFreeAgainWhenTheWindowEnds()
    {
        // Arrange
        await using var api = await StartAsync();
        using var client = Client(api);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, AddressA, TestUsers.Reader, $"guess-{i}");
        }

        // Act: 20 s into the window, then past its end.
        _time.Advance(TimeSpan.FromSeconds(20));
        using var during = await GetAsync(client, AddressB, TestUsers.Reader, TestUsers.ReaderPassword);
        _time.Advance(TimeSpan.FromSeconds(41));
        using var after = await GetAsync(client, AddressB, TestUsers.Reader, TestUsers.ReaderPassword);
        using var wrongAgain = await GetAsync(client, AddressA, TestUsers.Reader, "guess-again");

        // Assert: the wait announced is what is left of the window; afterwards a new window starts from zero.
        Assert.Equal(HttpStatusCode.TooManyRequests, during.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), during.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAgain.StatusCode);
    }

    [Fact]
    public async Task MaxFailuresZero_TurnsThrottlingOff()
    {
        // Arrange
        await using var api = await StartAsync(maxFailures: 0);
        using var client = Client(api);
        for (var i = 0; i < 15; i++)
        {
            using var wrong = await GetAsync(client, AddressA, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Act
        using var response = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<KestrelApi> StartAsync(int maxFailures = 10)
    {
        var api = new KestrelApi(
            postgres.ConnectionString,
            _certificate,
            new Dictionary<string, string?>
            {
                ["Https:KnownProxies:0"] = "127.0.0.1",
                ["Authentication:FailureThrottling:MaxFailures"] = maxFailures.ToString(CultureInfo.InvariantCulture),
                ["Authentication:FailureThrottling:Window"] = "00:01:00",
            },
            services => services.AddSingleton<TimeProvider>(_time));
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().AddAsync(
            Executor.Create(Id, ExecutorTypes.Position, "master_account", "binance", "BTC-USDT"), TestContext.Current.CancellationToken);
        return api;
    }

    private HttpClient Client(KestrelApi api) => new(_certificate.PinnedHandler()) { BaseAddress = api.HttpAddress };

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string address, string userName, string password) =>
        SendAsync(client, address, TestUsers.BasicHeader(userName, password));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string address, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{Id}");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
