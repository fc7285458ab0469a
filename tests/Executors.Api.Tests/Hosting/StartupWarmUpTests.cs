using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Executors.Api.Hosting;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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
        // Arrange
        await using var api = new ApiFactory(postgres.ConnectionString, WarmUpOn);

        // Act
        using var reader = api.CreateReaderClient();
        using var response = await reader.GetAsync("/health/live", TestContext.Current.CancellationToken);

        // Assert: the host starts its hosted services one after the other, in this order, and the server is one of them.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(api.Services.GetRequiredService<IOptions<HostOptions>>().Value.ServicesStartConcurrently);
        var order = api.Services.GetServices<IHostedService>().Select(service => service.GetType().Name).ToList();
        var warmUp = order.IndexOf(nameof(StartupWarmUp));
        var server = order.IndexOf("GenericWebHostService");
        Assert.True(warmUp >= 0 && server >= 0, string.Join(", ", order));
        Assert.True(warmUp < server, $"the server starts before the warm-up: {string.Join(", ", order)}");

        var report = api.Services.GetRequiredService<StartupWarmUp>().Report;
        Assert.NotNull(report);
        Assert.True(report.Read, "the GET path did not run against the database");
        Assert.True(report.Primary, "no statement ran on the primary");
        Assert.False(report.Redis, "no Redis is configured, so none was warmed");
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
