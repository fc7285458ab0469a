using System.Net;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.RegularExpressions;
using Executors.Api.Tests.Infrastructure;
using Executors.Application.Common.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Controllers;

/// <summary>
/// An unknown id is an ordinary answer of GET /executors/{id}: nothing is thrown on the way (handler, pipeline,
/// controller), and the 404 on the wire is the one a <see cref="NotFoundException"/> used to become.
/// </summary>
public sealed partial class GetExecutorNotFoundTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task Get_UnknownId_ThrowsNothingOnTheWay()
    {
        // Arrange: warm, so that start-up's own exceptions (if any) are over.
        using var client = Api.CreateReaderClient();
        using var warm = await client.GetAsync("/executors/warm-up", TestContext.Current.CancellationToken);
        var thrown = new List<Exception>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            // Only this test's id: other tests run in the same process.
            if (e.Exception.Message.Contains("NoSuchOne.404", StringComparison.Ordinal) || e.Exception is NotFoundException { Key: "NoSuchOne.404" })
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception);
                }
            }
        }

        // Act
        AppDomain.CurrentDomain.FirstChanceException += Record;
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync("/executors/NoSuchOne.404", TestContext.Current.CancellationToken);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        // Assert
        using (response)
        {
            Assert.Equal(HttpStatusCode.NotFound, warm.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty(thrown);
        }
    }

    [Fact]
    public async Task Get_UnknownId_WritesTheBytesTheExceptionHandlerWritesForNotFound()
    {
        // Arrange: what the app's own exception handler writes for the NotFoundException the GET used to throw.
        const string id = "NoSuchOne.bytes";
        using var client = Api.CreateReaderClient();
        var expected = await ExceptionHandlerBodyAsync(new NotFoundException("Executor", id), $"/executors/{id}");

        // Act
        using var response = await client.GetAsync($"/executors/{id}", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Assert: byte for byte, but for the trace id (each request has its own).
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(WithoutTraceId(expected.Body), WithoutTraceId(body));
        Assert.Equal(expected.ContentType, response.Content.Headers.ContentType?.ToString());
        using var problem = await ProblemAssert.ReadAsync(response, 404);
        Assert.Equal("Not Found", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal($"Executor '{id}' was not found.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.5", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_UnknownId_HasTheHeadersOfA404ThatIsStillThrown()
    {
        // Arrange: the logs of an unknown executor are still a NotFoundException, answered by the exception filter.
        const string id = "NoSuchOne.headers";
        using var client = Api.CreateReaderClient();
        using var thrown = await client.GetAsync($"/executors/{id}/logs", TestContext.Current.CancellationToken);

        // Act
        using var returned = await client.GetAsync($"/executors/{id}", TestContext.Current.CancellationToken);

        // Assert: the same headers with the same values, but for the date and the length (the paths differ).
        Assert.Equal(HttpStatusCode.NotFound, thrown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, returned.StatusCode);
        Assert.Equal(Headers(thrown), Headers(returned));
    }

    private async Task<(string Body, string? ContentType)> ExceptionHandlerBodyAsync(Exception exception, string path)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        var handled = false;
        foreach (var handler in scope.ServiceProvider.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, TestContext.Current.CancellationToken))
            {
                handled = true;
                break;
            }
        }

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        return (Encoding.UTF8.GetString(body.ToArray()), context.Response.ContentType);
    }

    private static string WithoutTraceId(string body) => TraceId().Replace(body, "\"traceId\":\"-\"");

    private static string[] Headers(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers)
            .Where(header => header.Key is not ("Date" or "Content-Length"))
            .Select(header => $"{header.Key}: {string.Join(", ", header.Value)}")
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
