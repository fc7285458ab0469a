using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Upgrading keeps operators' configurations working: a user whose hash is in the legacy PBKDF2-SHA256$ format signs in
/// as before, and the API warns once — at start-up, and on a reload only for the legacy hashes that reload brought in.
/// </summary>
// A host per test, not SharedApiTest: each test configures users of its own (legacy hashes), read when the host starts.
public sealed class LegacyPasswordHashTests(PostgresServer postgres) : DatabaseTest(postgres)
{
    private const string Legacy = "upgrading";
    private const string LegacyPassword = "legacy-password";

    private readonly string _legacyHash = LegacyPasswordHashes.Create(LegacyPassword, TestUsers.Iterations);
    private readonly CollectingLogSink _sink = new();

    [Fact]
    public async Task LegacyHash_SignsIn_RefusesAWrongPassword_AndIsReportedOnce()
    {
        // Arrange
        var settings = new ReloadableSettings(new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = Legacy,
            ["Authentication:Users:4:PasswordHash"] = _legacyHash,
            ["Authentication:Users:4:Accounts:0"] = "*",
        });
        await using var api = Start(settings);

        // Act: signed in twice (the second from the cache), a wrong password, and a reload that changes nothing of it.
        var signedIn = await SignInAsync(api, Legacy, LegacyPassword);
        var again = await SignInAsync(api, Legacy, LegacyPassword);
        var wrong = await SignInAsync(api, Legacy, LegacyPassword + "x");
        settings.Set("Authentication:Users:5:UserName", "newcomer");
        settings.Set("Authentication:Users:5:PasswordHash", PasswordHash.Create("newcomer-password", TestUsers.Iterations));
        settings.Set("Authentication:Users:5:Accounts:0", "*");
        settings.Reload();

        // Assert
        Assert.True(signedIn);
        Assert.True(again);
        Assert.False(wrong);
        Assert.True(await SignInAsync(api, "newcomer", "newcomer-password"));
        var warning = Assert.Single(_sink.WithEventId(AuthenticationLog.LegacyPasswordHashesId));
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Equal("1", warning.Properties["UserCount"].ToString());
        Assert.Contains(Legacy, warning.RenderMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("hash-password", warning.RenderMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(_legacyHash.Split('$')[3], string.Join('\n', _sink.Events.Select(e => e.RenderMessage(CultureInfo.InvariantCulture))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadBringingALegacyHash_WarnsForThatUserOnly()
    {
        // Arrange: no legacy hash at start-up (the test users' hashes are Identity's): no warning.
        var settings = new ReloadableSettings();
        await using var api = Start(settings);
        Assert.True(await SignInAsync(api, TestUsers.Reader, TestUsers.ReaderPassword));
        Assert.Empty(_sink.WithEventId(AuthenticationLog.LegacyPasswordHashesId));

        // Act
        settings.Set("Authentication:Users:4:UserName", Legacy);
        settings.Set("Authentication:Users:4:PasswordHash", _legacyHash);
        settings.Set("Authentication:Users:4:Accounts:0", "*");
        settings.Reload();

        // Assert
        Assert.True(await SignInAsync(api, Legacy, LegacyPassword));
        var warning = Assert.Single(_sink.WithEventId(AuthenticationLog.LegacyPasswordHashesId));
        Assert.Equal(Legacy, ((ScalarValue)warning.Properties["UserNames"]).Value);
    }

    private ApiFactory Start(ReloadableSettings settings) => new(
        Postgres.ConnectionString,
        new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
        services: services => services.AddSingleton<ILogEventSink>(_sink))
    {
        Reloadable = settings,
    };

    /// <summary>Whether the credentials are accepted: 404 (no such executor, asked as that user) or 401.</summary>
    private static async Task<bool> SignInAsync(ApiFactory api, string userName, string password)
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(userName, password));
        using var response = await client.GetAsync("/executors/NoSuchExecutor", TestContext.Current.CancellationToken);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized });
        return response.StatusCode == HttpStatusCode.NotFound;
    }
}
