using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Executors.Api.Tests.Hosting;

/// <summary>SIGTERM to the real API process: it stops taking connections, finishes what is in flight, exits 0.</summary>
public sealed class GracefulShutdownTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Id = "ShutdownExecutor_1";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        var executor = new ExecutorBuilder(Id).OnConnector("binance").WithSide(TradeSide.Buy).WithStatus(ExecutorStatus.Running).Build();
        db.Executors.Add(executor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Sigterm_RequestInFlight_NewConnectionsRefused_RequestCompletes_ExitCode0()
    {
        // Arrange: the API in its own process; the executor's row locked, so that a PUT of it waits for the lock.
        var ct = TestContext.Current.CancellationToken;
        await using var api = await ApiProcess.StartAsync(Database.ConnectionString, new Dictionary<string, string>(), ct);
        using var client = await WarmClientAsync(api.Address, ct);
        await using var locker = await LockRowAsync(ct);
        var put = client.PutAsync($"/executors/{Id}", new StringContent(DataEndpoints.RunningState(pnl: 42m), Encoding.UTF8, "application/json"), ct);
        await WaitForLockWaiterAsync(put, ct);

        // Act
        await api.TerminateAsync();
        var refused = await NewConnectionRefusedAsync(api.Address, ct);
        var stillInFlight = !put.IsCompleted && !api.HasExited;
        await locker.RollbackAsync(ct);
        using var response = await put;
        var exited = await api.WaitForExitAsync(TimeSpan.FromSeconds(20));

        // Assert: Kestrel closes its listener at once (a new connection is refused, not answered 503), the request
        // that was in flight is answered in full, and the process ends cleanly.
        Assert.True(refused, "a new connection was still accepted after SIGTERM\n" + api.Output);
        Assert.True(stillInFlight, "the PUT finished (or the process exited) before the lock was released\n" + api.Output);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(exited, "the API did not exit after SIGTERM\n" + api.Output);
        Assert.Equal(0, api.ExitCode);
        await using var db = Database.CreateDbContext();
        Assert.Equal(42m, (await db.Executors.SingleAsync(ct)).State.NetPnlQuote);
    }

    [Fact]
    public async Task Sigterm_RequestStuckPastShutdownTimeout_ProcessExitsAfterTheTimeout()
    {
        // Arrange: a 1 s grace period (Shutdown:Timeout), and a request that will not finish within it.
        var ct = TestContext.Current.CancellationToken;
        await using var api = await ApiProcess.StartAsync(
            Database.ConnectionString, new Dictionary<string, string> { ["Shutdown:Timeout"] = "00:00:01" }, ct);
        using var client = await WarmClientAsync(api.Address, ct);
        await using var locker = await LockRowAsync(ct);
        var put = client.PutAsync($"/executors/{Id}", new StringContent(DataEndpoints.RunningState(pnl: 42m), Encoding.UTF8, "application/json"), ct);
        await WaitForLockWaiterAsync(put, ct);

        // Act
        var clock = Stopwatch.StartNew();
        await api.TerminateAsync();
        var exited = await api.WaitForExitAsync(TimeSpan.FromSeconds(15));
        clock.Stop();
        await locker.RollbackAsync(ct);

        // Assert: it did not wait for the request beyond the configured grace period (the default is 30 s).
        Assert.True(exited, "the API did not exit within 15 s of SIGTERM\n" + api.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"exited after {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(() => put);
    }

    /// <summary>A writer's client, after a first read has warmed the process (JIT, EF model, credential check).</summary>
    private static async Task<HttpClient> WarmClientAsync(Uri address, CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        using var read = await client.GetAsync($"/executors/{Id}", ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return client;
    }

    /// <summary>An open transaction holding the executor's row lock; rolling it back lets waiting writers on.</summary>
    private async Task<NpgsqlTransaction> LockRowAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1 FROM executors WHERE executor_id = @id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("id", Id);
        Assert.Equal(1, await command.ExecuteScalarAsync(ct));
        return transaction;
    }

    /// <summary>Waits until a session is blocked on a lock: the API's UPDATE is then genuinely in flight.</summary>
    private async Task WaitForLockWaiterAsync(Task<HttpResponseMessage> put, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(ct);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (put.IsCompleted)
            {
                using var early = await put;
                Assert.Fail($"The PUT did not wait for the row lock: {(int)early.StatusCode} {await early.Content.ReadAsStringAsync(ct)}");
            }

            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", connection);
            if ((long)(await command.ExecuteScalarAsync(ct))! > 0)
            {
                return;
            }

            await Task.Delay(50, ct);
        }

        Assert.Fail("The PUT never waited for the row lock.");
    }

    /// <summary>Tries new TCP connections for a few seconds; true once one is refused.</summary>
    private static async Task<bool> NewConnectionRefusedAsync(Uri address, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            using var socket = new TcpClient();
            try
            {
                await socket.ConnectAsync(address.Host, address.Port, ct);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return true;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Caught in the listener's backlog at the very moment it closed: the same answer, a moment early.
            }

            await Task.Delay(50, ct);
        }

        return false;
    }
}
