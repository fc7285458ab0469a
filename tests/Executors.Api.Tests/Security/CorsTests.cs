using System.Net;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Security;

/// <summary>CORS: closed by default (no Access-Control headers at all); configured origins only when configured.</summary>
/// <remarks>The tests with allowed origins build a host of their own: CORS policies are fixed when the host is built.</remarks>
public sealed class CorsTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Allowed = "https://dashboard.example";

    [Fact]
    public async Task Preflight_NoOriginsConfigured_GetsNoCorsHeaders()
    {
        // Act
        using var preflight = await SendPreflightAsync(Api, Allowed);
        using var get = await SendGetAsync(Api, Allowed);

        // Assert: a browser refuses both, since nothing allows the origin.
        Assert.DoesNotContain(preflight.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain(get.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Preflight_ConfiguredOrigin_IsAllowedTheApiMethodsAndHeaders()
    {
        // Arrange
        await using var api = new ApiFactory(Database.ConnectionString, Settings());

        // Act
        using var preflight = await SendPreflightAsync(api, Allowed);

        // Assert: answered without credentials (browsers send none on a preflight).
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Allowed, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        var methods = string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Methods"));
        Assert.Equal(["GET", "POST", "PUT"], methods.Split(',').Select(method => method.Trim()).Order(StringComparer.Ordinal));
        var headers = string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant();
        Assert.Contains("AUTHORIZATION", headers, StringComparison.Ordinal);
        Assert.Contains("IF-MATCH", headers, StringComparison.Ordinal);
        Assert.Contains("X-EXECUTORS-LSN", headers, StringComparison.Ordinal);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Get_ConfiguredOrigin_ExposesETagRetryAfterLocationAndLsn()
    {
        // Arrange
        await using var api = new ApiFactory(Database.ConnectionString, Settings());

        // Act
        using var get = await SendGetAsync(api, Allowed);

        // Assert
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(Allowed, Assert.Single(get.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(",", get.Headers.GetValues("Access-Control-Expose-Headers")).ToUpperInvariant();
        Assert.Equal(["ETAG", "LOCATION", "RETRY-AFTER", "X-EXECUTORS-LSN"], exposed.Split(',').Select(name => name.Trim()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Preflight_OtherOrigin_GetsNoCorsHeaders()
    {
        // Arrange
        await using var api = new ApiFactory(Database.ConnectionString, Settings());

        // Act
        using var preflight = await SendPreflightAsync(api, "https://evil.example");
        using var get = await SendGetAsync(api, "https://evil.example");

        // Assert
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static Dictionary<string, string?> Settings() => new() { ["Cors:AllowedOrigins:0"] = Allowed };

    private static async Task<HttpResponseMessage> SendPreflightAsync(ApiFactory api, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/executors/search");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await api.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> SendGetAsync(ApiFactory api, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("Origin", origin);
        return await api.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }
}
