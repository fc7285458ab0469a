using System.Globalization;
using System.Net;
using Executors.Api.Authentication;
using Executors.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Executors.Api.Tests.Authentication;

/// <summary>
/// Failed, throttled and gate-refused sign-ins are each logged once, with the client address and the attempted user
/// name as structured properties and a stable event id, and never with the password. Real Kestrel (the address comes
/// from X-Forwarded-For, 127.0.0.1 being a known proxy); events captured by a Serilog sink in the container.
/// </summary>
public sealed class SignInLoggingTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Address = "203.0.113.10";

    private readonly TestCertificate _certificate = new();
    private readonly CollectingLogSink _sink = new();

    public async ValueTask InitializeAsync() => await postgres.ResetAsync();

    public ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task WrongPassword_LoggedOnceWithAddressAndUserNameNeverThePassword()
    {
        // Arrange
        await using var api = Start();
        using var client = Client(api);

        // Act
        using var response = await SendAsync(client, TestUsers.BasicHeader(TestUsers.Reader, "hunter2-wrong"));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var failed = Assert.Single(_sink.From("Executors.Api.Authentication"));
        Assert.Equal(AuthenticationLog.SignInFailedId, EventId(failed));
        Assert.Equal(LogEventLevel.Warning, failed.Level);
        Assert.Equal(Address, Scalar(failed, "ClientAddress"));
        Assert.Equal(TestUsers.Reader, Scalar(failed, "UserName"));
        Assert.Equal("WrongPassword", Scalar(failed, "Reason"));
        AssertNothingLogged("hunter2-wrong");
    }

    [Fact]
    public async Task UnknownAndMalformed_LoggedOnceEachWithTheirReason()
    {
        // Arrange
        await using var api = Start();
        using var client = Client(api);

        // Act
        using var unknown = await SendAsync(client, TestUsers.BasicHeader("nobody", "guess"));
        using var malformed = await SendAsync(client, "Basic not base64!");

        // Assert
        Assert.Collection(
            _sink.From("Executors.Api.Authentication"),
            e => Assert.Equal(("nobody", "UnknownUser"), (Scalar(e, "UserName"), Scalar(e, "Reason"))),
            e => Assert.Equal((null, "Malformed"), (Scalar(e, "UserName"), Scalar(e, "Reason"))));
        Assert.All(_sink.From("Executors.Api.Authentication"), e => Assert.Equal(Address, Scalar(e, "ClientAddress")));
    }

    [Fact]
    public async Task Throttled_LoggedOncePerRefusalWithTheLimitHit()
    {
        // Arrange: ten failures from the address.
        await using var api = Start();
        using var client = Client(api);
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await SendAsync(client, TestUsers.BasicHeader(TestUsers.Reader, $"guess-{i}"));
        }

        // Act
        using var first = await SendAsync(client, TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        using var second = await SendAsync(client, TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(10, _sink.From("Executors.Api.Authentication").Count(e => EventId(e) == AuthenticationLog.SignInFailedId));
        var throttled = _sink.From("Executors.Api.Authentication").Where(e => EventId(e) == AuthenticationLog.SignInThrottledId).ToList();
        Assert.Equal(2, throttled.Count);
        Assert.All(throttled, e =>
        {
            Assert.Equal(Address, Scalar(e, "ClientAddress"));
            Assert.Equal(TestUsers.Writer, Scalar(e, "UserName"));
            Assert.Equal(nameof(ThrottleLimit.Address), Scalar(e, "Limit"));
            Assert.InRange(int.Parse(Scalar(e, "RetryAfterSeconds")!, CultureInfo.InvariantCulture), 1, 60);
        });
        Assert.Equal(12, _sink.From("Executors.Api.Authentication").Count);
    }

    [Fact]
    public async Task GateFull_LoggedOncePerRefusal()
    {
        // Arrange: one hashing slot, no queue, and checks that take a while (600,000 iterations) so that guesses overlap.
        await using var api = Start(new Dictionary<string, string?>
        {
            ["Authentication:Users:4:UserName"] = "slow",
            ["Authentication:Users:4:PasswordHash"] = PasswordHash.Create("slow-password", 600_000),
            ["Authentication:Users:4:Accounts:0"] = "*",
            ["Authentication:Hashing:MaxConcurrency"] = "1",
            ["Authentication:Hashing:QueueLimit"] = "0",
        });
        using var client = Client(api);

        // Act
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var response = await SendAsync(client, TestUsers.BasicHeader($"nobody-{i}", "guess"), $"198.51.100.{i + 1}");
            return response.StatusCode;
        }));

        // Assert: one event per answer: a failure for each checked guess, a gate refusal for each 503.
        var refusals = _sink.From("Executors.Api.Authentication").Where(e => EventId(e) == AuthenticationLog.SignInGateFullId).ToList();
        Assert.Equal(statuses.Count(status => status == HttpStatusCode.ServiceUnavailable), refusals.Count);
        Assert.NotEmpty(refusals);
        Assert.Equal(statuses.Length, _sink.From("Executors.Api.Authentication").Count);
        Assert.All(refusals, e => Assert.StartsWith("nobody-", Scalar(e, "UserName"), StringComparison.Ordinal));
        Assert.All(refusals, e => Assert.StartsWith("198.51.100.", Scalar(e, "ClientAddress"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task LongOrOddUserName_LoggedSanitisedAndCut()
    {
        // Arrange: 200 characters, with a right-to-left override (a format character that could disguise a log line).
        await using var api = Start();
        using var client = Client(api);
        var name = "evil\u202E" + new string('x', 195);

        // Act
        using var response = await SendAsync(client, TestUsers.BasicHeader(name, "guess"));

        // Assert
        var logged = Scalar(Assert.Single(_sink.From("Executors.Api.Authentication")), "UserName")!;
        Assert.Equal(AuthenticationLog.MaxUserNameLength + 1, logged.Length);
        Assert.Equal("evil\uFFFD" + new string('x', 59) + "…", logged);
    }

    private KestrelApi Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Https:KnownProxies:0"] = "127.0.0.1",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new KestrelApi(postgres.ConnectionString, _certificate, all, services => services.AddSingleton<ILogEventSink>(_sink));
    }

    private HttpClient Client(KestrelApi api) => new(_certificate.PinnedHandler()) { BaseAddress = api.HttpAddress };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string authorization, string address = Address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/executors/NoSuchExecutor");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private void AssertNothingLogged(string secret)
    {
        var everything = string.Join('\n', _sink.Events.Select(e => e.RenderMessage(CultureInfo.InvariantCulture) + string.Join(',', e.Properties.Select(p => $"{p.Key}={p.Value}"))));
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
    }

    private static int? EventId(LogEvent e) =>
        e.Properties.TryGetValue("EventId", out var id) && id is StructureValue structure
            ? structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int value } ? value : null
            : null;

    private static string? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue scalar
            ? scalar.Value is null ? null : Convert.ToString(scalar.Value, CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"No property {property} in: {e.RenderMessage(CultureInfo.InvariantCulture)}");
}
