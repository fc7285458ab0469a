using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog.Core;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// Data the API accepted must never break a read: names that look like the summary's own words, money at the edge of
/// its range, a database whose schema was never migrated.
/// </summary>
public sealed class OddDataTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Summary_ConnectorNamedUnknownBesideOneWithout_KeepsThemApart()
    {
        // Arrange: one connector really called "unknown", one executor with no connector at all.
        await StoreAsync(
            new ExecutorBuilder("odd1").ForAccount("acct").OnConnector("unknown").Build(),
            new ExecutorBuilder("odd2").ForAccount("acct").OnConnector(null).Build(),
            new ExecutorBuilder("odd3").OfType(ExecutorTypes.Grid).ForAccount("acct").OnConnector("binance").Build());

        // Act: twice (the failure was for good, not once).
        using var first = await Api.CreateReaderClient().GetAsync("/executors/summary", TestContext.Current.CancellationToken);
        using var second = await Api.CreateReaderClient().GetAsync("/executors/summary", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var byConnector = body.RootElement.GetProperty("by_connector");
        Assert.Equal(1, byConnector.GetProperty("unknown").GetInt32());
        Assert.Equal(1, byConnector.GetProperty("").GetInt32());
        Assert.Equal(1, byConnector.GetProperty("binance").GetInt32());
    }

    [Fact]
    public async Task Summary_ManyExecutorsAtTheEdgeOfTheMoneyRange_AnswersWithTheRoundedTotal()
    {
        // Arrange: the largest magnitude a report may carry, with every fractional digit a decimal can hold.
        const decimal edge = 999_999_999_999.9999999999999999m;
        Assert.Equal(Executor.MaxMoneyMagnitude - 0.0000000000000001m, edge);
        var executors = Enumerable.Range(0, 40).Select(i =>
        {
            var executor = new ExecutorBuilder($"edge{i}").ForAccount("acct").OnConnector("binance").WithPerformance(edge, 1_000_000m, edge, edge, isTrading: true).Build();
            return executor;
        }).ToArray();
        await StoreAsync(executors);

        // Act
        using var summary = await Api.CreateReaderClient().GetAsync("/executors/summary", TestContext.Current.CancellationToken);
        using var search = await Api.CreateReaderClient().PostAsJsonAsync("/executors/search", new { limit = 1000 }, TestContext.Current.CancellationToken);
        using var get = await Api.CreateReaderClient().GetAsync("/executors/edge0", TestContext.Current.CancellationToken);

        // Assert: totals to 8 decimal places (ADR 12), every record exactly as reported.
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        using var body = JsonDocument.Parse(await summary.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(40_000_000_000_000m, body.RootElement.GetProperty("total_pnl_quote").GetDecimal());
        Assert.Equal(40_000_000_000_000m, body.RootElement.GetProperty("total_volume_quote").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var record = JsonDocument.Parse(await get.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(edge, record.RootElement.GetProperty("net_pnl_quote").GetDecimal());
    }

    public static TheoryData<string, string> OutOfRange => new()
    {
        { "net_pnl_quote", "1000000000000" },
        { "net_pnl_quote", "-1000000000000.5" },
        { "cum_fees_quote", "79228162514264337593543950335" },
        { "filled_amount_quote", "1000000000001" },
        { "net_pnl_pct", "1000001" },
        { "net_pnl_pct", "-1000001" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Put_MoneyBeyondItsRange_Is400NamingTheField(string field, string value)
    {
        // Arrange
        var body = $$"""{"account_name": "acct", "status": "RUNNING", "{{field}}": {{value}}}""";
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));

        // Act
        using var response = await client.PutAsync("/executors/range1", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.GetRawText());
    }

    [Fact]
    public async Task DatabaseWithoutMigrations_IsAnUnavailableStore_503AndNotReady_WithOneLineNamingTheFix()
    {
        // Arrange: a database that exists but was never migrated, and an API that does not migrate at start-up.
        var name = "executors_unmigrated_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(Database.ConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var sink = new CollectingLogSink();
        var connection = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Database = name }.ConnectionString;
        await using var api = new ApiFactory(
            connection,
            new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" },
            services: services => services.AddSingleton<ILogEventSink>(sink));
        using var client = api.CreateReaderClient();

        // Act
        using var get = await client.GetAsync("/executors/any1", TestContext.Current.CancellationToken);
        using var search = await client.PostAsJsonAsync("/executors/search", new { limit = 5 }, TestContext.Current.CancellationToken);
        using var summary = await client.GetAsync("/executors/summary", TestContext.Current.CancellationToken);
        using var performance = await client.GetAsync("/executors/performance", TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        // Assert
        foreach (var response in new[] { get, search, summary, performance })
        {
            using var problem = await ProblemAssert.ReadAsync(response, 503);
            Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var line = Assert.Single(sink.WithEventId(9005));
        Assert.Contains("MigrateOnStartup", line.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("dotnet Executors.Api.dll migrate", line.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(Serilog.Events.LogEventLevel.Error, line.Level);
        // Besides the health check service's own report of the failed probe, nothing else at Error: no stack per request.
        Assert.DoesNotContain(sink.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error && e != line
            && !e.MessageTemplate.Text.StartsWith("Health check", StringComparison.Ordinal));
    }
}
