using System.Net;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Hosting;

public sealed class HealthAndDocsTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Health_DatabaseMigrated_LiveAndReadyAreHealthyWithoutCredentials()
    {
        // Arrange
        using var client = Api.CreateClient();

        // Act
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        // Assert: no data, just the verdict.
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Health_DatabaseUnreachable_ReadyIs503AndLiveStays200()
    {
        // Arrange: a host of its own, on a database that is not there.
        await using var api = new ApiFactory(UnreachableDatabase.ConnectionString());
        using var client = api.CreateClient();

        // Act
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Health_MigrationsPending_ReadyIs503()
    {
        // Arrange: a host of its own, on an empty database that no migration has touched.
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { Database = "postgres" }.ConnectionString;
        await using var api = new ApiFactory(connectionString);
        using var client = api.CreateClient();

        // Act
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/redoc/index.html")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Docs_Enabled_ServedWithoutCredentials(string path)
    {
        // Arrange
        using var client = Api.CreateClient();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/redoc/index.html")]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/redoc/redoc.standalone.js")]
    public async Task Docs_Disabled_NotServed(string path)
    {
        // Arrange: a host of its own, since the docs are switched off when the host is built.
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["Docs:Enabled"] = "false" });
        using var client = api.CreateClient();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert: the fallback policy asks for credentials on anything unknown, and then nothing is found.
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
    }
}
