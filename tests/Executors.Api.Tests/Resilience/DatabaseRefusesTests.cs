using System.Net;
using Executors.Api.Tests.Infrastructure;
using Npgsql;

namespace Executors.Api.Tests.Resilience;

/// <summary>
/// A server that answers but refuses the API — credentials refused (class 28), or its database missing (3D000) — is a
/// misconfigured store, not a bug of the request: 503 with Retry-After like an unreachable one, never a 500, and
/// nothing of the server's message to the client. (Found by the first CI run through Testcontainers, whose server,
/// unlike the local test cluster, checks passwords: a wrong one answered 500.)
/// </summary>
public sealed class DatabaseRefusesTests(PostgresServer postgres)
{
    [Fact]
    public async Task Get_RoleMayNotLogIn_503ProblemWithRetryAfter()
    {
        // Arrange: a role the server refuses at sign-in (28000), as a wrong password (28P01) or pg_hba rejection is.
        var ct = TestContext.Current.CancellationToken;
        var role = "refused_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} NOLOGIN", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Username = role, Password = "irrelevant" }.ConnectionString;

        // Act
        var (status, retryAfter, body) = await GetAsync(connectionString);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
        Assert.DoesNotContain(role, body, StringComparison.Ordinal);
        Assert.DoesNotContain("28000", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_DatabaseDoesNotExist_503ProblemWithRetryAfter()
    {
        // Arrange
        var missing = "missing_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = missing }.ConnectionString;

        // Act
        var (status, retryAfter, body) = await GetAsync(connectionString);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
        Assert.DoesNotContain(missing, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoHostOfTheKindAsked_503ProblemWithRetryAfter()
    {
        // Arrange: a multi-host string whose only server is a primary while a standby is asked for — as writes asking
        // for a primary meet a cluster whose primary is stopped and whose standby is not yet promoted: Npgsql's "No
        // suitable host was found", an exception with no SQLSTATE and no inner exception. (Npgsql takes target session
        // attributes only with several hosts: the same server is named twice.)
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var server = $"{builder.Host}:{builder.Port}";
        builder.Host = $"{server},{server}";
        builder.TargetSessionAttributes = "standby";
        var connectionString = builder.ConnectionString;

        // Act
        var (status, retryAfter, body) = await GetAsync(connectionString);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
        Assert.DoesNotContain("suitable", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_NoHostAnswers_503ProblemWithRetryAfter()
    {
        // Arrange: two hosts, neither listening (ports 1 and 2 of loopback): Npgsql gathers one failure per host.
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
        {
            Host = "127.0.0.1:1,127.0.0.1:2",
            TargetSessionAttributes = "read-write",
            Timeout = 2,
        }.ConnectionString;

        // Act
        var (status, retryAfter, _) = await GetAsync(connectionString);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan? RetryAfter, string Body)> GetAsync(string connectionString)
    {
        await using var api = new ApiFactory(connectionString);
        using var reader = api.CreateReaderClient();
        using var response = await reader.GetAsync("/executors/SomeExecutor_1", TestContext.Current.CancellationToken);
        using var problem = await ProblemAssert.ReadAsync(response, (int)response.StatusCode);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
