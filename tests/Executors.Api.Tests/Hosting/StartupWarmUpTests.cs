using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Executors.Api.Hosting;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Executors.Api.Tests.Hosting;

/// <summary>
/// The start-up warm-up runs the GET path and a statement on the primary before the server listens (the cluster drill
/// found a restarted replica timing out its first requests while it compiled queries and opened pools), and a database
/// that does not answer delays the start by at most <see cref="WarmUpOptions.MaxDuration"/>.
/// </summary>
public sealed class StartupWarmUpTests(PostgresServer postgres)
{
    private static readonly Dictionary<string, string?> WarmUpOn = new(StringComparer.Ordinal) { ["WarmUp:Enabled"] = "true" };

    [Fact]
    public async Task Start_RunsTheReadAndPrimaryPathsBeforeTheServerStarts()
    {
        // Arrange: the warm-up's report is looked at the moment the server has started (ApplicationStarted fires after
        // the server listens, and after every hosted service's StartAsync).
        WarmUpReport? atServerStart = null;
        var warmUpRanFirst = false;
        await using var api = new ApiFactory(postgres.ConnectionString, WarmUpOn)
        {
            BeforeStart = host =>
            {
                var warmUp = host.Services.GetRequiredService<StartupWarmUp>();
                host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
                {
                    atServerStart = warmUp.Report;
                    warmUpRanFirst = warmUp.Report is not null;
                });
            },
        };

        // Act
        using var reader = api.CreateReaderClient();
        using var response = await reader.GetAsync("/health/live", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(warmUpRanFirst, "the server started before the warm-up had finished");
        Assert.NotNull(atServerStart);
        Assert.True(atServerStart.Read, "the GET path did not run against the database");
        Assert.True(atServerStart.Primary, "no statement ran on the primary");
        Assert.False(atServerStart.Redis, "no Redis is configured, so none was warmed");
    }

    [Fact]
    public async Task Start_DatabaseNeverAnswers_StartsAfterTheBound()
    {
        // Arrange: a "database" that accepts connections and never says a word, with a connection timeout far longer
        // than the warm-up's bound: only the bound can end the warm-up in time.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new ConcurrentQueue<TcpClient>();
        var ct = TestContext.Current.CancellationToken;
        var accepting = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                accepted.Enqueue(await silent.AcceptTcpClientAsync(ct));
            }
        }, ct);
        var unanswered = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)silent.LocalEndpoint).Port,
            Timeout = 60,
        }.ConnectionString;
        var settings = new Dictionary<string, string?>(WarmUpOn, StringComparer.Ordinal) { ["WarmUp:MaxDuration"] = "00:00:01" };
        await using var api = new ApiFactory(unanswered, settings);

        // Act
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/health/live", ct);

        // Assert: started, and the warm-up says what it could not do.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = api.Services.GetRequiredService<StartupWarmUp>().Report;
        Assert.NotNull(report);
        Assert.False(report.Read);
        Assert.False(report.Primary);
        Assert.True(report.Duration < TimeSpan.FromSeconds(10), $"the warm-up took {report.Duration}, past its 1 s bound");
        Assert.NotEmpty(accepted);
        silent.Stop();
        await Task.WhenAny(accepting); // ends with the listener
        foreach (var connection in accepted)
        {
            connection.Dispose();
        }
    }
}
