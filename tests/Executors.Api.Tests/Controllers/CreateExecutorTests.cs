using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// POST /executors/ as hummingbot-api takes it: the config checked against its type's model, the executor recorded
/// NOT_STARTED under an id the service makes; an Idempotency-Key makes a retry return the first answer.
/// </summary>
public sealed class CreateExecutorTests(SharedApi shared) : SharedApiTest(shared)
{
    // What a client sends: a Hummingbot config without the fields the engine fills (id, timestamp).
    private const string PositionConfig =
        """{"type": "position_executor", "connector_name": "binance_perpetual", "trading_pair": "BTC-USDT", "side": "BUY", "amount": "0.01", "leverage": 10, "triple_barrier_config": {"stop_loss": "0.02", "take_profit": "0.04", "time_limit": 3600}}""";

    [Fact]
    public async Task Create_TheClientsBody_201WithTheOriginalsAnswerAndARecordNotStarted()
    {
        // Act
        using var response = await PostAsync("/executors/", $$"""{"executor_config": {{PositionConfig}}, "account_name": "master_account", "controller_id": "agent_7"}""");

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await ReadAsync(response);
        var answer = body.RootElement;
        Assert.Equal(
            ["connector_name", "controller_id", "created_at", "executor_id", "executor_type", "status", "trading_pair"],
            answer.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));
        var id = answer.GetProperty("executor_id").GetString()!;
        Assert.Equal(ExecutorIds.GeneratedLength, id.Length);
        Assert.All(id, c => Assert.Contains(c, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"));
        Assert.Equal("position_executor", answer.GetProperty("executor_type").GetString());
        Assert.Equal("binance_perpetual", answer.GetProperty("connector_name").GetString());
        Assert.Equal("BTC-USDT", answer.GetProperty("trading_pair").GetString());
        Assert.Equal("agent_7", answer.GetProperty("controller_id").GetString());
        Assert.Equal("NOT_STARTED", answer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, answer.GetProperty("created_at").ValueKind);
        Assert.Equal($"/executors/{id}", response.Headers.Location?.AbsolutePath);

        using var record = JsonDocument.Parse(await Api.CreateReaderClient().GetStringAsync($"/executors/{id}", TestContext.Current.CancellationToken));
        Assert.Equal("NOT_STARTED", record.RootElement.GetProperty("status").GetString());
        Assert.Equal("master_account", record.RootElement.GetProperty("account_name").GetString());
        Assert.Equal("BUY", record.RootElement.GetProperty("side").GetString());
        Assert.Equal("0.01", record.RootElement.GetProperty("config").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task Create_WithoutTheSlashAndDefaults_MasterAccountAndMain()
    {
        // Act
        using var response = await PostAsync("/executors", $$"""{"executor_config": {{PositionConfig}}}""");

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal("main", body.RootElement.GetProperty("controller_id").GetString());
        await using var db = Database.CreateDbContext();
        var stored = await db.Executors.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("master_account", stored.State.AccountName);
    }

    [Fact]
    public async Task Create_TwoMarketType_NoConnectorOrPairOnTheRecord()
    {
        // Act: an arbitrage executor names its markets inside buying_market / selling_market.
        using var response = await PostAsync("/executors/", $$"""{"executor_config": {{HummingbotConfigs.Arbitrage}}}""");

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("connector_name").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("trading_pair").ValueKind);
        Assert.Equal("arbitrage_executor", body.RootElement.GetProperty("executor_type").GetString());
    }

    [Theory]
    [InlineData("""{}""", "executor_config")]
    [InlineData("""{"executor_config": []}""", "executor_config")]
    [InlineData("""{"executor_config": {"connector_name": "binance", "trading_pair": "BTC-USDT"}}""", "executor_config.type")]
    [InlineData("""{"executor_config": {"type": "moon_executor"}}""", "executor_config.type")]
    [InlineData("""{"executor_config": {"type": "position_executor", "connector_name": "binance", "trading_pair": "BTC-USDT", "side": "BUY"}}""", "executor_config.amount")]
    [InlineData("""{"executor_config": {"type": "position_executor", "connector_name": "binance", "trading_pair": "BTC-USDT", "side": "UP", "amount": "1"}}""", "executor_config.side")]
    [InlineData("""{"executor_config": {"type": "position_executor", "connector_name": "binance", "trading_pair": "BTC-USDT", "side": "BUY", "amount": "1", "leverage": "ten"}}""", "executor_config.leverage")]
    [InlineData("""{"account_name": "", "executor_config": {"type": "twap_executor"}}""", "account_name")]
    [InlineData("""{"executor_config": {"type": "twap_executor"}, "executor_id": "mine"}""", "executor_id")]
    public async Task Create_InvalidBody_400NamingTheFieldAndNothingStored(string json, string field)
    {
        // Act
        using var response = await PostAsync("/executors/", json);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.GetRawText());
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_RolesAndAccounts_ReaderAndForeignAccountRefused()
    {
        // Act
        using var reader = await PostAsync("/executors/", $$"""{"executor_config": {{PositionConfig}}}""", TestUsers.Reader, TestUsers.ReaderPassword);
        using var aliceDefault = await PostAsync("/executors/", $$"""{"executor_config": {{PositionConfig}}}""", TestUsers.Alice, TestUsers.AlicePassword);
        using var aliceOwn = await PostAsync("/executors/", $$"""{"account_name": "alice_main", "executor_config": {{PositionConfig}}}""", TestUsers.Alice, TestUsers.AlicePassword);

        // Assert: master_account (the default) is not Alice's.
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, aliceDefault.StatusCode);
        Assert.Equal(HttpStatusCode.Created, aliceOwn.StatusCode);
        await using var db = Database.CreateDbContext();
        Assert.Equal(["alice_main"], await db.Executors.Select(executor => executor.State.AccountName).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAgain_TheFirstAnswerAndOneExecutor()
    {
        // Arrange
        var body = $$"""{"executor_config": {{PositionConfig}}}""";

        // Act
        using var first = await PostAsync("/executors/", body, idempotencyKey: "order-42");
        using var retry = await PostAsync("/executors/", body, idempotencyKey: "order-42");
        using var other = await PostAsync("/executors/", body, idempotencyKey: "order-43");

        // Assert
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_SameKeyDifferentRequest_409AndNothingMore()
    {
        // Act
        using var first = await PostAsync("/executors/", $$"""{"executor_config": {{PositionConfig}}}""", idempotencyKey: "k1");
        using var changed = await PostAsync("/executors/", $$"""{"controller_id": "other", "executor_config": {{PositionConfig}}}""", idempotencyKey: "k1");

        // Assert
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(changed, 409);
        Assert.Contains("Idempotency-Key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_SameKeyByAnotherUser_IsTheirOwn()
    {
        // Act
        using var writer = await PostAsync("/executors/", $$"""{"account_name": "alice_main", "executor_config": {{PositionConfig}}}""", idempotencyKey: "shared");
        using var alice = await PostAsync("/executors/", $$"""{"account_name": "alice_main", "executor_config": {{PositionConfig}}}""", TestUsers.Alice, TestUsers.AlicePassword, idempotencyKey: "shared");

        // Assert: keys are per user; neither sees the other's answer.
        Assert.Equal(HttpStatusCode.Created, writer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, alice.StatusCode);
        Assert.False(alice.Headers.Contains("Idempotent-Replayed"));
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_ConcurrentRetriesWithOneKey_OneExecutorAndOneAnswer()
    {
        // Arrange
        var body = $$"""{"executor_config": {{PositionConfig}}}""";

        // Act: eight at once with the same key.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync("/executors/", body, idempotencyKey: "burst")));

        // Assert
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        Assert.Equal(7, responses.Count(response => response.Headers.Contains("Idempotent-Replayed")));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("é")]
    public async Task Create_MalformedIdempotencyKey_400NamingIt(string key)
    {
        // Act
        using var response = await PostAsync("/executors/", $$"""{"executor_config": {{PositionConfig}}}""", idempotencyKey: key);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.RootElement.GetRawText());
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json, string user = TestUsers.Writer, string password = TestUsers.WriterPassword, string? idempotencyKey = null)
    {
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
}
