using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Executors.Api.OpenApi;
using Executors.Api.Tests.Infrastructure;

namespace Executors.Api.Tests.Docs;

/// <summary>
/// /redoc needs nothing from the internet: its page loads ReDoc's bundle from the API, which serves it (JavaScript,
/// the bytes the page's integrity attribute pins) together with its licenses.
/// </summary>
public sealed partial class ReDocFilesTests(SharedApi shared) : SharedApiTest(shared)
{
    [Fact]
    public async Task ReDocPage_ReferencesOnlyALocalScript_ThatIsServedAsJavaScriptMatchingItsIntegrity()
    {
        // Arrange
        using var client = Api.CreateClient();
        var html = await client.GetStringAsync("/redoc/index.html", TestContext.Current.CancellationToken);

        // Act: the one external script of the page.
        var script = Assert.Single(ScriptElement().Matches(html));
        var source = script.Groups["src"].Value;
        using var response = await client.GetAsync(source, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        // Assert: a path on this API, no host; served as JavaScript; the integrity attribute is the served bytes' hash.
        Assert.Equal("/redoc/redoc.standalone.js", source);
        Assert.DoesNotContain("//", html.Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sha384-" + Convert.ToBase64String(SHA384.HashData(body)), script.Groups["integrity"].Value);
        Assert.Equal(DocsPages.ReDocScriptIntegrity, script.Groups["integrity"].Value);
        Assert.Contains("e.Redoc=t(", System.Text.Encoding.UTF8.GetString(body, 0, 1000), StringComparison.Ordinal); // ReDoc 2's classic-script export
    }

    [Theory]
    [InlineData("/redoc/LICENSE", "Copyright (c) 2015-present, Rebilly, Inc.")]
    [InlineData("/redoc/redoc.standalone.js.LICENSE.txt", "@license")]
    public async Task ReDocLicenses_AreServedBesideTheBundle(string path, string expected)
    {
        // Arrange
        using var client = Api.CreateClient();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<script src=""(?<src>[^""]*)"" integrity=""(?<integrity>[^""]*)""></script>")]
    private static partial Regex ScriptElement();
}
