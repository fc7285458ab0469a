using System.Net;
using System.Net.Http.Headers;
using Executors.Api.Errors;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Errors;

/// <summary>
/// Problems answered outside MVC (the Basic handler, status-code pages) are problem JSON whatever the client says it
/// accepts: a client that asks for HTML only still learns what went wrong, and never gets a 500 for it.
/// </summary>
public sealed class ProblemResponsesTests(SharedApi shared) : SharedApiTest(shared)
{
    [Theory]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    [InlineData(true, HttpStatusCode.NotFound)]
    public async Task UnknownRoute_ClientAcceptsOnlyHtml_StillGetsProblemDetails(bool asReader, HttpStatusCode expected)
    {
        // Arrange
        using var client = asReader ? Api.CreateReaderClient() : Api.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        // Act
        using var response = await client.GetAsync("/no/such/route", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, (int)expected);
        Assert.Equal("/no/such/route", problem.RootElement.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(200, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(59_100, 60)]
    public void RetryAfterSeconds_RoundsUpToWholeSecondsAtLeastOne(int milliseconds, int expected)
    {
        // Act
        var seconds = ProblemResponses.RetryAfterSeconds(TimeSpan.FromMilliseconds(milliseconds));

        // Assert: asking again after Retry-After is never too early.
        Assert.Equal(expected, seconds);
    }
}
