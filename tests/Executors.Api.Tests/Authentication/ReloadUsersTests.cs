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
/// Users reload with configuration: a changed password works at once and the old one stops at once (even where it was
/// cached), a removed user stops, and an invalid list is refused with an error while the previous users stay. The
/// configuration source is one the test changes and announces, as the file watcher does for appsettings.json.
/// </summary>
// A host per test, not SharedApiTest: each test changes the users of a running host (reloadable configuration).
public sealed class ReloadUsersTests(PostgresServer postgres) : DatabaseTest(postgres)
{
    private const string User = "rotating";
    private const string OldPassword = "old-password";
    private const string NewPassword = "new-password";
    private const string HashKey = "Authentication:Users:4:PasswordHash";

    private readonly ReloadableSettings _settings = new(new Dictionary<string, string?>
    {
        ["Authentication:Users:4:UserName"] = User,
        [HashKey] = PasswordHash.Create(OldPassword, TestUsers.Iterations),
        ["Authentication:Users:4:Accounts:0"] = "*",
    });

    private readonly CollectingLogSink _sink = new();

    [Fact]
    public async Task PasswordChanged_OldOneFailsAtOnceEvenThoughCached_NewOneWorks()
    {
        // Arrange: the old password verified, so it is in the credential cache.
        await using var api = Start();
        Assert.True(await SignInAsync(api, User, OldPassword));
        Assert.True(await SignInAsync(api, User, OldPassword));

        // Act
        _settings.Set(HashKey, PasswordHash.Create(NewPassword, TestUsers.Iterations));
        _settings.Reload();

        // Assert
        Assert.False(await SignInAsync(api, User, OldPassword));
        Assert.True(await SignInAsync(api, User, NewPassword));
        Assert.True(await SignInAsync(api, TestUsers.Reader, TestUsers.ReaderPassword));
        var reloaded = Assert.Single(_sink.From("Executors.Api.Authentication"), e => e.MessageTemplate.Text.StartsWith("Authentication users reloaded", StringComparison.Ordinal));
        Assert.Equal("1", reloaded.Properties["Changed"].ToString());
    }

    [Fact]
    public async Task UserRemoved_FailsAtOnceEvenThoughCached()
    {
        // Arrange
        await using var api = Start();
        Assert.True(await SignInAsync(api, User, OldPassword));

        // Act
        _settings.RemoveUnder("Authentication:Users:4");
        _settings.Reload();

        // Assert
        Assert.False(await SignInAsync(api, User, OldPassword));
        Assert.True(await SignInAsync(api, TestUsers.Reader, TestUsers.ReaderPassword));
    }

    [Fact]
    public async Task UserAdded_CanSignInWithoutARestart()
    {
        // Arrange
        await using var api = Start();
        Assert.False(await SignInAsync(api, "newcomer", "newcomer-password"));

        // Act
        _settings.Set("Authentication:Users:5:UserName", "newcomer");
        _settings.Set("Authentication:Users:5:PasswordHash", PasswordHash.Create("newcomer-password", TestUsers.Iterations));
        _settings.Set("Authentication:Users:5:Accounts:0", "*");
        _settings.Reload();

        // Assert
        Assert.True(await SignInAsync(api, "newcomer", "newcomer-password"));
    }

    [Theory]
    [InlineData("plain-text-password")]
    [InlineData("")]
    public async Task InvalidList_RefusedWithAnErrorAndThePreviousUsersStay(string hash)
    {
        // Arrange: the change also adds a user, which must not come in either: the list is taken whole or not at all.
        await using var api = Start();
        Assert.True(await SignInAsync(api, User, OldPassword));

        // Act
        _settings.Set(HashKey, hash);
        _settings.Set("Authentication:Users:5:UserName", "newcomer");
        _settings.Set("Authentication:Users:5:PasswordHash", PasswordHash.Create("newcomer-password", TestUsers.Iterations));
        _settings.Set("Authentication:Users:5:Accounts:0", "*");
        _settings.Reload();

        // Assert
        Assert.True(await SignInAsync(api, User, OldPassword));
        Assert.True(await SignInAsync(api, TestUsers.Reader, TestUsers.ReaderPassword));
        Assert.False(await SignInAsync(api, "newcomer", "newcomer-password"));
        var refused = Assert.Single(_sink.From("Executors.Api.Authentication"), e => e.Level == LogEventLevel.Error);
        Assert.Contains(HashKey, refused.RenderMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("previous 5 users stay in force", refused.RenderMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyListOutsideDevelopment_Refused()
    {
        // Arrange: a host whose users all come from the reloadable source.
        await using var api = new ApiFactory(
            Postgres.ConnectionString,
            environment: "Production",
            services: services => services.AddSingleton<ILogEventSink>(_sink),
            withUsers: false)
        {
            Reloadable = _settings,
        };
        Assert.True(await SignInAsync(api, User, OldPassword));

        // Act: the whole section removed (a mistyped section name in the file reads the same).
        _settings.RemoveUnder("Authentication:Users:4");
        _settings.Reload();

        // Assert
        Assert.True(await SignInAsync(api, User, OldPassword));
        Assert.Single(_sink.From("Executors.Api.Authentication"), e => e.Level == LogEventLevel.Error);
    }

    private ApiFactory Start() => new(
        Postgres.ConnectionString,
        new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
        services: services => services.AddSingleton<ILogEventSink>(_sink))
    {
        Reloadable = _settings,
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
