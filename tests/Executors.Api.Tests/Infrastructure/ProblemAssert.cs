using System.Text.Json;

namespace Executors.Api.Tests.Infrastructure;

internal static class ProblemAssert
{
    private static readonly string[] Leaks = ["Exception", "Npgsql", "SELECT", "   at ", "StackTrace", "executors_tests", "postgres"];

    /// <summary>
    /// Reads an RFC 9457 problem: problem+json, the expected status, a non-empty <c>detail</c> string, and no trace of
    /// exception text, SQL or a stack.
    /// </summary>
    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }

        var document = JsonDocument.Parse(text);
        Assert.Equal(status, document.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("title").GetString()));
        return document;
    }
}
