using System.Net;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.Executors.Queries.GetExecutor;
using Executors.Domain.Executors;
using Executors.Infrastructure.Caching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// TERMINATED executors are served from memory after the first read, within a bound in bytes. The probe: change or delete the row behind the
/// service's back and see what a second read answers.
/// </summary>
public sealed class TerminatedExecutorCacheTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Get_TerminatedExecutorReadBefore_IsServedFromMemory()
    {
        // Arrange
        await StoreAsync(Terminated("final1"));
        using var client = Api.CreateReaderClient();
        var first = await client.GetStringAsync("/executors/final1", TestContext.Current.CancellationToken);
        await ExecuteAsync("DELETE FROM executors WHERE executor_id = 'final1'");

        // Act
        using var second = await client.GetAsync("/executors/final1", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first, await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_CachedTerminatedExecutor_StillChecksCredentialsEveryTime()
    {
        // Arrange
        await StoreAsync(Terminated("final2"));
        using var reader = Api.CreateReaderClient();
        using var warm = await reader.GetAsync("/executors/final2", TestContext.Current.CancellationToken);
        using var anonymous = Api.CreateClient();
        using var wrong = Api.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Reader, "wrong"));

        // Act
        using var withoutCredentials = await anonymous.GetAsync("/executors/final2", TestContext.Current.CancellationToken);
        using var withWrongPassword = await wrong.GetAsync("/executors/final2", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCredentials.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withWrongPassword.StatusCode);
    }

    [Fact]
    public async Task Get_RunningExecutorReadBefore_IsNeverStale()
    {
        // Arrange
        await StoreAsync(new ExecutorBuilder("live1").ForAccount("acct").OnConnector("binance").WithPerformance(1m, 0m, 0m, 10m, isTrading: true).Build());
        using var client = Api.CreateReaderClient();
        using var first = await client.GetAsync("/executors/live1", TestContext.Current.CancellationToken);
        await ExecuteAsync("UPDATE executors SET net_pnl_quote = 42 WHERE executor_id = 'live1'");

        // Act
        using var second = JsonDocument.Parse(await client.GetStringAsync("/executors/live1", TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(42m, second.RootElement.GetProperty("net_pnl_quote").GetDecimal());
    }

    [Theory]
    [InlineData("Caching:TerminatedExecutorBytes")]
    [InlineData("Caching:FinalExecutors")] // the key of earlier versions (a count) still turns it off
    public async Task Get_CacheTurnedOff_ReadsTheDatabaseEveryTime(string key)
    {
        // Arrange: a host of its own, since the cache is sized (here: turned off) when the host is built.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { [key] = "0" });
        await StoreAsync(Terminated("final3"));
        using var client = api.CreateReaderClient();
        using var first = await client.GetAsync("/executors/final3", TestContext.Current.CancellationToken);
        await ExecuteAsync("DELETE FROM executors WHERE executor_id = 'final3'");

        // Act
        using var second = await client.GetAsync("/executors/final3", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task Get_MoreTerminatedExecutorsThanTheByteBoundHolds_KeepsWithinItAndLetsTheOldestGo()
    {
        // Arrange: a bound of about twenty of these records; thirty are read, the first ones never again.
        var executors = Enumerable.Range(0, 30).Select(i => Terminated($"bound{i}")).ToArray();
        await StoreAsync(executors);
        var size = TerminatedExecutorCache.EstimatedBytes(Api.Services.GetRequiredService<AutoMapper.IMapper>().Map<ExecutorDetailResponse>(executors[0]));
        var bound = (20 * size) + (size / 2);
        // A host of its own, since the cache's bound is read when the host is built.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Caching:TerminatedExecutorBytes"] = bound.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = api.CreateReaderClient();
        var cache = Assert.IsType<TerminatedExecutorCache>(api.Services.GetRequiredService<ITerminatedExecutorCache>());

        // Act: each read after a pause, so that the entries' last uses differ; the cache compacts in the background.
        foreach (var executor in executors)
        {
            using var response = await client.GetAsync($"/executors/{executor.ExecutorId}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.InRange(cache.Bytes, 0, bound);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        // A record offered while the cache is full is not kept that time (the compaction it starts makes room): the
        // last one is read once more, and then kept.
        await Task.Delay(50, TestContext.Current.CancellationToken);
        using var again = await client.GetAsync("/executors/bound29", TestContext.Current.CancellationToken);
        await ExecuteAsync("DELETE FROM executors WHERE executor_id = 'bound0'");
        await ExecuteAsync("DELETE FROM executors WHERE executor_id = 'bound29'");
        using var first = await client.GetAsync("/executors/bound0", TestContext.Current.CancellationToken);
        using var recent = await client.GetAsync("/executors/bound29", TestContext.Current.CancellationToken);

        // Assert: never more than the bound; the first read was let go (asked again, the database says no), the
        // recent one is answered from memory.
        Assert.InRange(cache.Bytes, size, bound);
        Assert.InRange(cache.Count, 1, 20);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
    }

    private static Executor Terminated(string id) =>
        new ExecutorBuilder(id).OfType(ExecutorTypes.Dca).ForAccount("acct").OnConnector("binance").ForPair("ETH-USDT")
            .Terminated(CloseType.TakeProfit, DateTimeOffset.UtcNow).Build();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }
}
