using System.Globalization;
using System.Net;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Failed Basic checks throttled per client address, per address and user name, and (far higher) per user name, with
/// recently signed-in clients trusted, and the hashing gate in front of PBKDF2 — on real Kestrel. The client address
/// comes the way it does in production behind a proxy: 127.0.0.1 is a configured known proxy, so X-Forwarded-For is
/// believed. Time is a FakeTimeProvider, so windows and trust periods end when the test says so.
/// </summary>
public sealed class FailedAuthenticationThrottlingTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Id = "ThrottleExecutor01";
    private const string HashChecks = "executors.authentication.hash_checks";
    private const string Throttled = "executors.authentication.throttled";
    private const string GateRejections = "executors.authentication.gate_rejections";
    private const string Slow = "slow";
    private const string SlowPassword = "slow-password";
    private const string AddressA = "203.0.113.10";
    private const string AddressB = "203.0.113.20";
    private const string AddressC = "198.51.100.7";
    private const string AddressD = "198.51.100.8";

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
    public async Task FailuresForOneUserNameFromTwoAddresses_BelowThePerNameLimit_DoNotThrottleThatNameElsewhere()
    {
        // Arrange: 5 + 5 failures for "reader" from two addresses: ten wrong passwords used to lock the name out for
        // everybody; the per-name limit is now far higher (100 a minute by default).
        await using var api = await StartAsync();
        using var client = Client(api);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, i % 2 == 0 ? AddressA : AddressB, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Act
        using var sameName = await GetAsync(client, AddressC, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(HttpStatusCode.OK, sameName.StatusCode);
    }

    [Fact]
    public async Task FailuresForOneUserNameFromManyAddresses_AtThePerNameLimit_ThrottleThatNameForClientsNotSignedIn()
    {
        // Arrange: a per-name limit of 20, reached by two addresses that each spend their own allowance of 10.
        await using var api = await StartAsync(maxFailuresPerUserName: 20);
        using var client = Client(api);
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await GetAsync(client, i % 2 == 0 ? AddressA : AddressB, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Act
        using var sameName = await GetAsync(client, AddressC, TestUsers.Reader, TestUsers.ReaderPassword);
        using var otherName = await GetAsync(client, AddressC, TestUsers.Writer, TestUsers.WriterPassword);

        // Assert: the name is throttled for a source that never signed in as it; the third address itself is not.
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
        await using var api = await StartAsync(maxFailuresPerUserName: 10);
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
    public async Task ThrottledName_IsFreeAgainWhenTheWindowEnds()
    {
        // Arrange
        await using var api = await StartAsync(maxFailuresPerUserName: 10);
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

    [Fact]
    public async Task TwentyConcurrentWrongPasswordsFromOneAddress_CountedBeforeHashing_TenHashedTenRefused()
    {
        // Arrange: a user whose hash takes a while (200,000 iterations), so that the twenty guesses are all in flight
        // together; a hashing queue long enough that none is turned away for that reason.
        await using var api = await StartAsync(settings: SlowUser(200_000, queueLimit: 32));
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = Client(api);

        // Act
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await GetAsync(client, AddressA, Slow, $"guess-{i}");
            return response.StatusCode;
        }));

        // Assert: each guess was counted as it arrived, so the eleventh and later were refused unhashed.
        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.Unauthorized));
        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(10, counters[HashChecks]);
    }

    [Fact]
    public async Task RightPassword_TakesItsCountBack()
    {
        // Arrange: nine wrong passwords, then the right one.
        await using var api = await StartAsync();
        using var client = Client(api);
        for (var i = 0; i < 9; i++)
        {
            using var wrong = await GetAsync(client, AddressA, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        // Act
        using var tenth = await GetAsync(client, AddressA, TestUsers.Reader, "guess-10");
        using var eleventh = await GetAsync(client, AddressA, TestUsers.Reader, "guess-11");

        // Assert: the success counted while it was checked, then was given back: the next wrong one is the tenth.
        Assert.Equal(HttpStatusCode.Unauthorized, tenth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
    }

    [Fact]
    public async Task TrustedClient_KeepsSigningInAfreshWhileItsNameIsThrottledElsewhere()
    {
        // Arrange: no credential cache (every request is a fresh sign-in, as when a cache entry expires). The reader
        // signs in from A; then B and C spend their allowances guessing its password and fill the per-name limit.
        await using var api = await StartAsync(maxFailuresPerUserName: 20, settings: new Dictionary<string, string?> { ["Authentication:CredentialCacheSize"] = "0" });
        using var client = Client(api);
        using var signIn = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await GetAsync(client, i % 2 == 0 ? AddressB : AddressC, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Act: 30 s later (inside the failure window and the trust period), the signed-in client and a newcomer.
        _time.Advance(TimeSpan.FromSeconds(30));
        using var trusted = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        using var newcomer = await GetAsync(client, AddressD, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert: the attacker is throttled, the user who signed in from A is not.
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, newcomer.StatusCode);
    }

    [Fact]
    public async Task TrustedClient_IsNotRefusedByItsAddressLimit_ButByItsOwnPairLimit()
    {
        // Arrange: the reader signs in from A; someone else behind the same address tries ten unknown names.
        await using var api = await StartAsync(settings: new Dictionary<string, string?> { ["Authentication:CredentialCacheSize"] = "0" });
        using var client = Client(api);
        using var signIn = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, AddressA, $"nobody-{i}", "guess");
        }

        // Act
        using var trusted = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        using var untrusted = await GetAsync(client, AddressA, TestUsers.Writer, TestUsers.WriterPassword);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await GetAsync(client, AddressA, TestUsers.Reader, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var pairThrottled = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert: the address is throttled for everyone but the pair that signed in; that pair has its own limit.
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, untrusted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, pairThrottled.StatusCode);
    }

    [Fact]
    public async Task Trust_EndsWithTheTrustPeriod()
    {
        // Arrange: trust for 10 minutes, failure windows of an hour; the reader signs in from A, 11 minutes pass, then
        // the per-name limit is reached from elsewhere.
        await using var api = await StartAsync(maxFailuresPerUserName: 20, settings: new Dictionary<string, string?>
        {
            ["Authentication:CredentialCacheSize"] = "0",
            ["Authentication:FailureThrottling:Window"] = "01:00:00",
            ["Authentication:FailureThrottling:TrustPeriod"] = "00:10:00",
        });
        using var client = Client(api);
        using var signIn = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        _time.Advance(TimeSpan.FromMinutes(11));
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await GetAsync(client, i % 2 == 0 ? AddressB : AddressC, TestUsers.Reader, $"guess-{i}");
        }

        // Act
        using var response = await GetAsync(client, AddressA, TestUsers.Reader, TestUsers.ReaderPassword);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
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
    public async Task HashingGateFull_Answers503WithRetryAfterAndDoesNotHash()
    {
        // Arrange: one check at a time, one waiting; a hash that takes a while (600,000 iterations: every check costs
        // that, unknown names too). Eight guesses from eight addresses arrive together.
        await using var api = await StartAsync(settings: SlowUser(600_000, queueLimit: 1, maxConcurrency: 1));
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = Client(api);

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => GetAsync(client, $"198.51.100.{100 + i}", $"nobody-{i}", "guess")));

        // Assert: at most one running and one waiting at any time; the rest were turned away at once, unhashed.
        try
        {
            var refused = responses.Where(response => response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(refused);
            Assert.All(responses, response => Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable }));
            Assert.Equal(refused.Count, counters[GateRejections]);
            Assert.Equal(responses.Length - refused.Count, counters[HashChecks]);
            foreach (var response in refused)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                Assert.False(response.Headers.Contains("WWW-Authenticate"));
                using var problem = await ProblemAssert.ReadAsync(response, 503);
            }
        }
        finally
        {
            Array.ForEach(responses, response => response.Dispose());
        }
    }

    private static Dictionary<string, string?> SlowUser(int iterations, int queueLimit, int maxConcurrency = 0) => new()
    {
        ["Authentication:Users:4:UserName"] = Slow,
        ["Authentication:Users:4:PasswordHash"] = PasswordHash.Create(SlowPassword, iterations),
        ["Authentication:Users:4:Accounts:0"] = "*",
        ["Authentication:Hashing:QueueLimit"] = queueLimit.ToString(CultureInfo.InvariantCulture),
        ["Authentication:Hashing:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture),
    };

    private async Task<KestrelApi> StartAsync(int maxFailures = 10, int maxFailuresPerUserName = 100, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Https:KnownProxies:0"] = "127.0.0.1",
            ["Authentication:FailureThrottling:MaxFailures"] = maxFailures.ToString(CultureInfo.InvariantCulture),
            ["Authentication:FailureThrottling:MaxFailuresPerUserName"] = maxFailuresPerUserName.ToString(CultureInfo.InvariantCulture),
            ["Authentication:FailureThrottling:Window"] = "00:01:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var api = new KestrelApi(postgres.ConnectionString, _certificate, all, services => services.AddSingleton<TimeProvider>(_time));
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IExecutorRepository>().AddAsync(
            new ExecutorBuilder(Id).OnConnector("binance").Build(), TestContext.Current.CancellationToken);
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
