using System.Net;
using System.Text;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Authentication;

// A host per test, not SharedApiTest: failed sign-ins count against the client's address and user name in the host's
// memory (FailedAuthenticationThrottle), and these tests fail sign-ins on purpose; a shared host would carry one
// test's failures into the next and answer it 429.
public sealed class BasicAuthenticationTests(PostgresServer postgres) : DatabaseTest(postgres)
{
    private const string Id = "AuthTestExecutor01";
    private const string HashChecks = "executors.authentication.hash_checks";
    private const string CacheHits = "executors.authentication.cache_hits";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await StoreAsync(new ExecutorBuilder(Id).OnConnector("binance").Build());
    }

    [Fact]
    public async Task Get_NoCredentials_Returns401WithBasicChallenge()
    {
        // Act
        using var response = await SendAsync(authorization: null);

        // Assert
        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("reader", "wrong-password")]
    [InlineData("nobody", "reader-password")]
    [InlineData("Reader", "reader-password")] // user names are case-sensitive
    [InlineData("reader", "reader-password ")]
    [InlineData("reader", "")]
    public async Task Get_WrongCredentials_Returns401(string userName, string password)
    {
        // Act
        using var response = await SendAsync(TestUsers.BasicHeader(userName, password));

        // Assert
        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic cmVhZGVy")] // "reader": no colon
    [InlineData("Basic OnJlYWRlci1wYXNzd29yZA==")] // ":reader-password": empty user id
    [InlineData("Bearer cmVhZGVyOnJlYWRlci1wYXNzd29yZA==")]
    [InlineData("BasiccmVhZGVyOnJlYWRlci1wYXNzd29yZA==")]
    [InlineData("Digest username=\"reader\"")]
    public async Task Get_MalformedAuthorization_Returns401(string authorization)
    {
        // Act
        using var response = await SendAsync(authorization);

        // Assert
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Get_CredentialsNotUtf8_Returns401()
    {
        // Arrange: "reader:" followed by a byte that is not UTF-8.
        var bytes = Encoding.ASCII.GetBytes("reader:").Concat(new byte[] { 0xFF, 0xFE }).ToArray();

        // Act
        using var response = await SendAsync("Basic " + Convert.ToBase64String(bytes));

        // Assert
        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("basic")]
    [InlineData("BASIC")]
    [InlineData("bAsIc")]
    public async Task Get_SchemeInAnyCase_Returns200(string scheme)
    {
        // Act
        using var response = await SendAsync($"{scheme} {Base64($"{TestUsers.Reader}:{TestUsers.ReaderPassword}")}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_Utf8UserAndPasswordContainingColons_Returns200()
    {
        // Act: RFC 7617 splits at the first colon only, and both parts are UTF-8.
        using var response = await SendAsync(TestUsers.BasicHeader(TestUsers.Unicode, TestUsers.UnicodePassword));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_SameValidHeaderTwice_HashesOnceThenUsesTheCache()
    {
        // Arrange
        using var counters = new CounterRecorder(Api.Services, CredentialVerifier.MeterName);
        var header = TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        using var first = await SendAsync(header);
        using var second = await SendAsync(header);
        using var third = await SendAsync(header);

        // Assert
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(1, counters[HashChecks]);
        Assert.Equal(2, counters[CacheHits]);
    }

    [Fact]
    public async Task Get_ManyRequestsWithTheSameHeaderAtOnce_OnAColdCache_HashOnceAndAllSucceed()
    {
        // Arrange: more concurrent requests than the hashing gate admits and queues, as when a busy client's cache
        // entry expires.
        using var counters = new CounterRecorder(Api.Services, CredentialVerifier.MeterName);
        var header = TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword);

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => SendAsync(header)));

        // Assert: one password check served them all; none was refused as busy or throttled.
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, counters[HashChecks]);
        Assert.Equal(23, counters[CacheHits]);
        Array.ForEach(responses, response => response.Dispose());
    }

    [Fact]
    public async Task Get_SpellingsTheRfcsAllow_AreTheSameCredentialsAndHitTheCache()
    {
        // Arrange
        using var counters = new CounterRecorder(Api.Services, CredentialVerifier.MeterName);
        var token = Base64($"{TestUsers.Reader}:{TestUsers.ReaderPassword}");
        using var signIn = await SendAsync($"Basic {token}");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        // Act: scheme in another case, several spaces after it, whitespace around the value (RFC 7235 §2.1, RFC 9110 §5.5).
        string[] spellings = [$"basic {token}", $"BASIC   {token}", $" Basic {token}\t", $"bAsIc  {token}  "];
        var statuses = new List<HttpStatusCode>();
        foreach (var spelling in spellings)
        {
            using var response = await SendAsync(spelling);
            statuses.Add(response.StatusCode);
        }

        // Assert: one PBKDF2 check in all; a client re-spelling its header cannot make the server hash again.
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, counters[HashChecks]);
        Assert.Equal(spellings.Length, counters[CacheHits]);
    }

    [Theory]
    [InlineData(" ", 6)] // a space inside the token
    [InlineData("\t", 6)] // a tab inside the token
    [InlineData("", -1)] // padding removed
    [InlineData("=", 0)] // one '=' too many
    public async Task Get_TokenNotCanonicalBase64_Returns401WithoutHashing(string insert, int at)
    {
        // Arrange: the reader's right credentials, spelt in a way the RFCs do not allow.
        using var counters = new CounterRecorder(Api.Services, CredentialVerifier.MeterName);
        var token = Base64($"{TestUsers.Reader}:{TestUsers.ReaderPassword}"); // ends in "=="
        token = at switch
        {
            -1 => token.TrimEnd('='),
            0 => token + insert,
            _ => token[..at] + insert + token[at..],
        };

        // Act
        using var response = await SendAsync("Basic " + token);

        // Assert
        await AssertUnauthorizedAsync(response);
        Assert.Equal(0, counters[HashChecks]);
    }

    [Fact]
    public async Task Get_WrongPasswordTwice_HashesEveryTime()
    {
        // Arrange
        using var counters = new CounterRecorder(Api.Services, CredentialVerifier.MeterName);
        var header = TestUsers.BasicHeader(TestUsers.Reader, "not-it");

        // Act
        using var first = await SendAsync(header);
        using var second = await SendAsync(header);

        // Assert: failures are never cached, so a guess is never answered from memory.
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(2, counters[HashChecks]);
        Assert.Equal(0, counters[CacheHits]);
    }

    [Fact]
    public async Task Get_CacheDisabled_HashesEveryRequest()
    {
        // Arrange
        await using var api = new ApiFactory(Postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Authentication:CredentialCacheSize"] = "0",
        });
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = api.CreateReaderClient();

        // Act
        using var first = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        using var second = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, counters[HashChecks]);
    }

    [Fact]
    public async Task Get_CacheEntryExpired_HashesAgain()
    {
        // Arrange: a cache that trusts a verified header for 200 ms only.
        await using var api = new ApiFactory(Postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["Authentication:CredentialCacheDuration"] = "00:00:00.200",
        });
        using var counters = new CounterRecorder(api.Services, CredentialVerifier.MeterName);
        using var client = api.CreateReaderClient();

        // Act
        using var first = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(600), TestContext.Current.CancellationToken);
        using var second = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, counters[HashChecks]);
    }

    [Fact]
    public async Task Get_DocsAndOpenApiDocument_NeedNoCredentials()
    {
        // Act
        using var client = Api.CreateClient();
        using var document = await client.GetAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);
        using var docs = await client.GetAsync("/docs/index.html", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string? authorization)
    {
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/executors/{Id}");
        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"executors\", charset=\"UTF-8\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        using var problem = await ProblemAssert.ReadAsync(response, 401);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
