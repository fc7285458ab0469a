using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Infrastructure.Persistence;
using Executors.Infrastructure.Persistence.Replicas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Replicas;

/// <summary>X-Executors-Lsn on the standard host (no standby configured): checked when presented, never sent.</summary>
public sealed class ReadYourWritesHeaderTests(SharedApi shared) : SharedApiTest(shared)
{
    [Theory]
    [InlineData("latest")]
    [InlineData("16")]
    [InlineData("16/XYZ")]
    [InlineData("1/2/3")]
    public async Task Get_MalformedLsnHeader_Is400NamingTheHeader(string value)
    {
        // Arrange
        using var client = Api.CreateReaderClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/executors/SomeExecutor_1");
        request.Headers.TryAddWithoutValidation("X-Executors-Lsn", value);

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.TryGetProperty("detail", out var detail), body);
        Assert.Contains("X-Executors-Lsn", detail.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TwoLsnHeaders_Is400()
    {
        // Arrange
        using var client = Api.CreateReaderClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/executors/SomeExecutor_1");
        request.Headers.TryAddWithoutValidation("X-Executors-Lsn", ["0/1", "0/2"]);

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_WellFormedLsnWithoutStandby_ReadsThePrimaryAsUsual()
    {
        // Arrange
        using var client = Api.CreateReaderClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/executors/SomeExecutor_1");
        request.Headers.Add("X-Executors-Lsn", "FFFFFFFF/FFFFFFFF");

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert: the primary has every write; nothing to wait for.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_MalformedLsnWithoutCredentials_Is401First()
    {
        // Arrange
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/executors/SomeExecutor_1");
        request.Headers.TryAddWithoutValidation("X-Executors-Lsn", "nonsense");

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReadPool_SharesThePrimarysModel_SoCompiledQueriesAreNotCompiledAgainPerPool()
    {
        // Arrange: a read string (here the same server: the pool is only built, not asked anything).
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["ConnectionStrings:ExecutorsRead"] = Database.ConnectionString });
        await using var scope = api.Services.CreateAsyncScope();

        // Act
        var pool = scope.ServiceProvider.GetRequiredService<ReplicaReads>().Pool;
        var primary = scope.ServiceProvider.GetRequiredService<ExecutorsDbContext>();
        await using var read = pool!.Rent();

        // Assert: EF's compiled queries keep one compiled form per model; two models would recompile on every switch.
        Assert.Same(primary.Model, read.Model);
        Assert.NotEqual(primary.Database.GetConnectionString(), read.Database.GetConnectionString());
    }

    [Fact]
    public async Task Put_WithoutStandby_AnswersWithoutLsn()
    {
        // Arrange: reads use the primary, so a position would cost a round trip and serve nobody.
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        using var content = new StringContent(DataEndpoints.RunningState(), Encoding.UTF8, "application/json");

        // Act
        using var response = await client.PutAsync(new Uri("/executors/SomeExecutor_2", UriKind.Relative), content, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(response.IsSuccessStatusCode);
        Assert.False(response.Headers.Contains("X-Executors-Lsn"));
    }
}
