using System.Net.Http.Headers;
using System.Text;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.LiveUpdates;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Replicas;

/// <summary>
/// Two API hosts on one migrated database, as two replicas behind a load balancer: each its own DI container, caches
/// (TERMINATED records, verified credentials), rate limits, change-feed listener and live connections — nothing shared
/// but PostgreSQL. Built once per test class; <see cref="ResetAsync"/> empties the tables between tests. The hosts'
/// caches are not emptied (they are the real ones, as in production): tests use ids of their own
/// (<see cref="NewId"/>), so nothing a host remembers from an earlier test can answer a later one.
/// </summary>
public sealed class TwoApiHosts(PostgresServer postgres) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _a;
    private ApiFactory? _b;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The first replica.</summary>
    public ApiFactory A => _a ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The second replica.</summary>
    public ApiFactory B => _b ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("executors_replicas_" + Guid.NewGuid().ToString("N")[..12], TestContext.Current.CancellationToken);
        _a = new ApiFactory(_database.ConnectionString);
        _b = new ApiFactory(_database.ConnectionString);
        await Task.WhenAll(ListeningAsync(_a), ListeningAsync(_b));
    }

    /// <summary>Empties every table (the hosts keep running).</summary>
    public Task ResetAsync() => Database.ResetAsync();

    /// <summary>An executor id no earlier test used, so no host's cache knows it.</summary>
    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Waits until the host's change feed listens: a write after this is heard by it.</summary>
    public static Task ListeningAsync(ApiFactory api) =>
        api.Services.GetRequiredService<IExecutorChangeFeed>().WaitUntilListeningAsync(TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

    /// <summary>A request with the given user's Basic credentials, built now and sent later (behind a barrier).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string user = TestUsers.Writer, string password = TestUsers.WriterPassword)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(user, password));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>
    /// Sends each request through its host at the same moment: every client is made and every request built first,
    /// then one gate opens them all together.
    /// </summary>
    public static async Task<HttpResponseMessage[]> AtOnceAsync(params (ApiFactory Host, HttpRequestMessage Request)[] sends)
    {
        ArgumentNullException.ThrowIfNull(sends);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = sends.Select(send => send.Host.CreateClient()).ToArray();
        try
        {
            var running = sends.Select(async (send, i) =>
            {
                await gate.Task;
                return await clients[i].SendAsync(send.Request, TestContext.Current.CancellationToken);
            }).ToArray();
            gate.SetResult();
            return await Task.WhenAll(running);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var (_, request) in sends)
            {
                request.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }
}
