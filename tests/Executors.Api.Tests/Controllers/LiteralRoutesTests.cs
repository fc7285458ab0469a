using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// The literal routes under /executors never fall through to the id route: a method they do not allow is a 405, a
/// path no route serves a plain 404 naming the route — never "Executor 'search' was not found." — and no executor can be
/// registered under their names.
/// </summary>
public sealed class LiteralRoutesTests(SharedApi shared) : SharedApiTest(shared)
{
    [Theory]
    [InlineData("/executors/performance")]
    [InlineData("/executors/summary")]
    [InlineData("/executors/SUMMARY")]
    [InlineData("/executors/types/available")]
    public async Task Get_LiteralRoute_IsServedByItsOwnRoute(string path)
    {
        // Act
        using var response = await Api.CreateReaderClient().GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("executor_id", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/executors/search", "POST")]
    [InlineData("PUT", "/executors/search", "POST")]
    [InlineData("PUT", "/executors/summary", "GET")]
    [InlineData("DELETE", "/executors/performance", "GET")]
    [InlineData("POST", "/executors/Performance", "GET")]
    public async Task LiteralRoute_MethodItDoesNotAllow_Returns405NamingWhatItAllows(string method, string path, string allowed)
    {
        // Act
        using var response = await SendAsync(method, path);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 405);
        Assert.Contains(allowed, response.Content.Headers.Allow);
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains($"{method} is not allowed on {path}", detail, StringComparison.Ordinal);
        Assert.Contains(allowed, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/executors/positions")]
    [InlineData("GET", "/executors/types")]
    [InlineData("GET", "/executors/summary/logs")]
    [InlineData("POST", "/executors/search/logs")]
    [InlineData("PUT", "/executors/types")]
    [InlineData("GET", "/executors/no/such/route")]
    public async Task UnservedPath_Returns404NamingTheRoute(string method, string path)
    {
        // Act
        using var response = await SendAsync(method, path);

        // Assert
        using var problem = await ProblemAssert.ReadAsync(response, 404);
        Assert.Equal($"No route {method} {path}.", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("types")]
    [InlineData("Positions")]
    public async Task Put_ReservedWordAsId_RegistersNothing(string id)
    {
        // Act
        using var response = await SendAsync("PUT", $"/executors/{id}", """{"status": "RUNNING"}""");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Executors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Routes_EveryLiteralSegmentUnderExecutors_IsReservedFromIds()
    {
        // Arrange
        var endpoints = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        // Act: the second segment of every route under /executors that is a literal.
        var literals = endpoints
            .Select(endpoint => endpoint.RoutePattern.PathSegments)
            .Where(segments => segments.Count >= 2 && segments[0].Parts is [RoutePatternLiteralPart { Content: "executors" }])
            .Select(segments => segments[1].Parts)
            .Where(parts => parts is [RoutePatternLiteralPart])
            .Select(parts => ((RoutePatternLiteralPart)parts[0]).Content)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        // Assert: a new literal route must be added to ExecutorIds.Reserved, or it would shadow (or be shadowed by) an id.
        Assert.NotEmpty(literals);
        Assert.All(literals, literal => Assert.True(ExecutorIds.IsReserved(literal), $"'{literal}' is not in ExecutorIds.Reserved"));
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body = null)
    {
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null || method is "PUT" or "POST")
        {
            request.Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
