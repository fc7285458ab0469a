using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Executors.Api.Tests.Infrastructure;
using Npgsql;

namespace Executors.Api.Tests.Security;

/// <summary>
/// The app's own limits on what a client sends, answered with problem details, on real Kestrel (whose hard limits sit
/// above them and would otherwise answer first, with no body).
/// </summary>
public sealed class RequestLimitsTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Id = "LimitsExecutor01";
    private readonly TestCertificate _certificate = new();

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Get_UrlOverTheLimit_Returns414ProblemDetails()
    {
        // Arrange: 2,100 characters, over the default 2,048 and under Kestrel's backstop.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        using var client = ReaderClient(api);

        // Act
        using var atLimit = await client.GetAsync("/executors/" + new string('a', 2048 - "/executors/".Length), TestContext.Current.CancellationToken);
        using var response = await client.GetAsync("/executors/" + new string('a', 2100), TestContext.Current.CancellationToken);

        // Assert: at the limit the request reaches the API (an id that long is the validator's 400).
        Assert.Equal(HttpStatusCode.BadRequest, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 414);
    }

    [Fact]
    public async Task Get_HeadersOverTheLimit_Returns431ProblemDetails()
    {
        // Arrange: one 20 KB header, over the default 16 KB and under Kestrel's backstop.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        using var client = ReaderClient(api);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Padding", new string('p', 20 * 1024));

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 431);
    }

    [Fact]
    public async Task Get_MoreHeadersThanTheLimit_Returns431ProblemDetails()
    {
        // Arrange: 80 header fields, over the default 64 and under Kestrel's backstop.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        using var client = ReaderClient(api);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i < 80; i++)
        {
            request.Headers.Add($"X-Field-{i}", "v");
        }

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 431);
    }

    [Fact]
    public async Task Put_BodyNestedDeeperThanTheLimit_Returns400WithoutParserInternals()
    {
        // Arrange: a valid body plus a property nobody reads, nested 50 deep (the parser's own default would allow 64).
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        using var client = WriterClient(api);
        var body = ExecutorStateBodies.Valid().ToJsonString();
        body = body[..^1] + ", \"extra\": " + ExecutorStateBodies.NestedArrays(50) + "}";

        // Act
        using var response = await client.PutAsync($"/executors/{Id}", Json(body), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        var text = problem.RootElement.GetRawText();
        Assert.DoesNotContain("MaxDepth", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("JsonReader", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Put_ConfigNestedAsDeepAsTheValidationAllows_IsStored()
    {
        // Arrange: config may nest 32 levels (PutExecutorCommandValidator), which is 33 in the body: a valid grid config
        // (one level) with a key of its own (ignored by the config's model) holding 31 more.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate);
        using var client = WriterClient(api);
        var state = ExecutorStateBodies.Valid();
        state["config"]!["notes"] = ExecutorStateBodies.NestedObjects(31);

        // Act
        using var response = await client.PutAsync($"/executors/{Id}", Json(state.ToJsonString()), TestContext.Current.CancellationToken);
        using var get = await ReaderClient(api).GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);

        // Assert: stored, and the answer (which nests it one level deeper again) is written too.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Get_RequestOverTheTimeout_Returns504ProblemDetails()
    {
        // Arrange: the executors table locked by another transaction, so the read waits; a 1 s request timeout.
        await using var api = new KestrelApi(postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Limits:RequestTimeout"] = "00:00:01",
            ["Caching:FinalExecutors"] = "0",
        });
        using var client = ReaderClient(api);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var command = new NpgsqlCommand("LOCK TABLE executors IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Act
        using var response = await client.GetAsync($"/executors/{Id}", TestContext.Current.CancellationToken);
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 504);
    }

    private HttpClient ReaderClient(KestrelApi api) => Client(api, TestUsers.Reader, TestUsers.ReaderPassword);

    private HttpClient WriterClient(KestrelApi api) => Client(api, TestUsers.Writer, TestUsers.WriterPassword);

    private HttpClient Client(KestrelApi api, string user, string password)
    {
        var client = new HttpClient(_certificate.PinnedHandler()) { BaseAddress = api.HttpAddress };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
