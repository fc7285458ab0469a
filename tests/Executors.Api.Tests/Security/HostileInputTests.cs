using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Executors.Api.Tests.Security;

/// <summary>The real app on real Kestrel, with two executors stored; one host for the whole hostile-input suite.</summary>
public sealed class HostileInputApi : IAsyncLifetime
{
    public const string Existing = "HostileExecutor01";
    public const string Other = "HostileExecutor02";

    private readonly PostgresServer _postgres;
    private readonly TestCertificate _certificate = new();
    private KestrelApi? _api;

    public HostileInputApi(PostgresServer postgres)
    {
        _postgres = postgres;
    }

    public Uri Address => _api!.HttpAddress;

    /// <summary>A genuine next_cursor of a search for account "master_account", one per page.</summary>
    public string Cursor { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await _postgres.ResetAsync();

        // Failed-authentication throttling off: the malformed-Authorization cases would otherwise throttle the test's
        // address and turn later cases into 429s before they reach what they test (FailedAuthenticationThrottlingTests
        // cover the throttle).
        _api = new KestrelApi(_postgres.ConnectionString, _certificate, new Dictionary<string, string?>
        {
            ["Authentication:FailureThrottling:MaxFailures"] = "0",
        });
        await using (var scope = _api.Services.CreateAsyncScope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<IExecutorRepository>();
            await repository.AddAsync(new ExecutorBuilder(Existing).OnConnector("binance").Build(), TestContext.Current.CancellationToken);
            await repository.AddAsync(new ExecutorBuilder(Other).OnConnector("binance").ForPair("ETH-USDT").Build(), TestContext.Current.CancellationToken);
        }

        var search = RawHttp.Request("POST", "/executors/search", HostileInputTests.Reader(HostileInputTests.JsonType), Encoding.UTF8.GetBytes("""{"account_names": ["master_account"], "limit": 1}"""));
        var page = await RawHttp.SendAsync(Address, search, TestContext.Current.CancellationToken);
        Assert.Equal(200, page.Status);
        using var body = JsonDocument.Parse(page.Body);
        Cursor = body.RootElement.GetProperty("pagination").GetProperty("next_cursor").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _certificate.Dispose();
    }
}

/// <summary>
/// Malformed and malicious requests (ids, headers, bodies, cursors, query strings, encodings), sent byte for byte over
/// a socket to the real app on real Kestrel. Every one is answered with a 4xx RFC 9457 problem, never a 5xx, and never
/// with SQL, a stack or exception text. A few requests Kestrel itself must refuse before the app sees them (beyond its
/// hard limits, or not HTTP at all); those are in <see cref="KestrelRejects_WithABare4xxAndClosesTheConnection"/>.
/// </summary>
public sealed class HostileInputTests(HostileInputApi api) : IClassFixture<HostileInputApi>
{
    public const string JsonType = "application/json";

    private const string Put = "/executors/HostileNew01";
    private const string Logs = "/executors/" + HostileInputApi.Existing + "/logs";
    private const string Search = "/executors/search";

    private static readonly string[] Leaks = ["Npgsql", "SELECT", "Exception", "   at ", "System.", "stack"];

    /// <summary>Each case: the request, made from the fixture (some need its genuine cursor).</summary>
    private static readonly Dictionary<string, Func<HostileInputApi, byte[]>> Cases = new(StringComparer.Ordinal)
    {
        // ids
        ["id: 200 characters"] = _ => Get("/executors/" + new string('a', 200)),
        ["id: dot-dot segment"] = _ => Get("/executors/.."),
        ["id: encoded dot-dot"] = _ => Get("/executors/%2E%2E"),
        ["id: encoded slash"] = _ => Get("/executors/a%2Fb"),
        ["id: encoded backslash traversal"] = _ => Get("/executors/..%5C..%5Cetc%5Cpasswd"),
        ["id: unicode"] = _ => Get("/executors/%E2%82%AC%F0%9F%98%80"),
        ["id: quote OR 1=1"] = _ => Get("/executors/'%20OR%201=1%20--"),
        ["id: stacked SQL"] = _ => Get("/executors/x';drop%20table%20executors;--"),
        ["id: pg_sleep"] = _ => Get("/executors/1;select%20pg_sleep(10)"),
        ["id: space only"] = _ => Get("/executors/%20"),
        ["id: CRLF injection"] = _ => Get("/executors/a%0D%0ASet-Cookie:%20x=1"),
        ["id: double-encoded dot"] = _ => Get("/executors/%252e%252e"),
        ["id: logs of an SQL id"] = _ => Get("/executors/%27--/logs"),
        ["id: extra segments"] = _ => Get("/executors/a/b/c/d"),

        // headers
        ["auth: bad base64"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Basic !!!not-base64!!!")),
        ["auth: no colon"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Basic " + B64("reader"))),
        ["auth: not UTF-8"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Basic " + Convert.ToBase64String([.. "reader:"u8, 0xC3, 0x28]))),
        ["auth: control characters"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Basic " + B64("reader\u0007:reader-password\u0000"))),
        ["auth: 10 KB"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Basic " + B64("reader:" + new string('x', 7500)))),
        ["auth: two headers"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", ReaderBasic), ("Authorization", ReaderBasic)),
        ["auth: other scheme"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.")),
        ["auth: scheme only"] = _ => Get("/executors/" + HostileInputApi.Existing, ("Authorization", "Basic")),
        ["header: 20 KB"] = _ => Get("/executors/" + HostileInputApi.Existing, ("X-Padding", new string('p', 20 * 1024))),
        ["header: 80 fields"] = _ => Get("/executors/" + HostileInputApi.Existing, [.. Enumerable.Range(0, 80).Select(i => ($"X-Field-{i}", "v"))]),
        ["If-Match: not an entity tag"] = _ => Raw("PUT", Put, Writer(JsonType, ("If-Match", "not-a-tag")), Body(ExecutorStateBodies.Valid())),
        ["If-Match: stale tag"] = _ => Raw("PUT", "/executors/" + HostileInputApi.Existing, Writer(JsonType, ("If-Match", "\"0000\"")), Body(ExecutorStateBodies.Valid())),
        ["If-None-Match: garbage on PUT"] = _ => Raw("PUT", "/executors/" + HostileInputApi.Existing, Writer(JsonType, ("If-None-Match", "*, ,,\"")), Body(ExecutorStateBodies.Valid())),

        // bodies
        ["body: invalid JSON"] = _ => Raw("PUT", Put, Writer(JsonType), "{ not json"u8.ToArray()),
        ["body: truncated"] = _ => Raw("PUT", Put, Writer(JsonType), Body(ExecutorStateBodies.Valid())[..40]),
        ["body: nested 100 deep"] = _ => Raw("PUT", Put, Writer(JsonType), Encoding.UTF8.GetBytes(ExecutorStateBodies.NestedArrays(100))),
        ["body: config nested 60 deep"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("config", ExecutorStateBodies.NestedObjects(60)))),
        ["body: number 1e400"] = _ => Raw("PUT", Put, Writer(JsonType), Encoding.UTF8.GetBytes(Body(ExecutorStateBodies.Valid(), "net_pnl_quote", "1e400"))),
        ["body: 400-digit number"] = _ => Raw("PUT", Put, Writer(JsonType), Encoding.UTF8.GetBytes(Body(ExecutorStateBodies.Valid(), "net_pnl_quote", new string('9', 400)))),
        ["body: NaN literal"] = _ => Raw("PUT", Put, Writer(JsonType), Encoding.UTF8.GetBytes(Body(ExecutorStateBodies.Valid(), "net_pnl_quote", "NaN"))),
        ["body: status of the wrong type"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("status", 123))),
        ["body: array instead of object"] = _ => Raw("PUT", Put, Writer(JsonType), "[1, 2, 3]"u8.ToArray()),
        ["body: null"] = _ => Raw("PUT", Put, Writer(JsonType), "null"u8.ToArray()),
        ["body: empty"] = _ => Raw("PUT", Put, Writer(JsonType), []),
        ["body: duplicated keys"] = _ => Raw("PUT", Put, Writer(JsonType), Encoding.UTF8.GetBytes(Body(ExecutorStateBodies.Valid(), "status", "\"RUNNING\", \"status\": \"RUNNING\""))),
        ["body: UTF-16 with BOM"] = _ => Raw("PUT", Put, Writer(JsonType), [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(ExecutorStateBodies.Valid().ToJsonString())]),
        ["body: invalid UTF-8 in a string"] = _ => Raw("PUT", Put, Writer(JsonType), [.. "{\"account_name\": \""u8, 0xFF, 0xFE, .. "\"}"u8]),
        ["body: NUL in a string"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("trading_pair", "BTC\u0000USDT"))),
        ["body: NUL in config"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("config", new JsonObject { ["name"] = "a\u0000b" }))),
        ["body: NUL in a search filter"] = _ => Raw("POST", Search, Reader(JsonType), Body(new JsonObject { ["account_names"] = new JsonArray("master\u0000account") })),
        ["body: config a string"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("config", "{\"a\": 1}"))),
        ["body: 100 KB account name"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("account_name", new string('a', 100 * 1024)))),
        ["body: 1 MB"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("custom_info", new JsonObject { ["blob"] = new string('x', 1024 * 1024) }))),
        ["body: text/plain"] = _ => Raw("PUT", Put, Writer("text/plain"), Body(ExecutorStateBodies.Valid())),
        ["body: XML"] = _ => Raw("PUT", Put, Writer("application/xml"), "<executor><status>RUNNING</status></executor>"u8.ToArray()),
        ["body: 1001 log entries"] = _ => Raw("POST", Logs, Writer(JsonType), Body(new JsonObject { ["entries"] = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject { ["timestamp"] = "2024-01-15T10:50:00+00:00", ["level"] = "INFO", ["message"] = "m" })]) })),
        ["body: misspelt field"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("net_pnl_quot", 125.5m))),
        ["body: derived field"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("error_count", 0))),
        ["body: another executor's id"] = _ => Raw("PUT", Put, Writer(JsonType), Body(With("executor_id", HostileInputApi.Existing))),
        ["body: unknown field in a log entry"] = _ => Raw("POST", Logs, Writer(JsonType), Body(new JsonObject { ["entries"] = new JsonArray(new JsonObject { ["timestamp"] = "2024-01-15T10:50:00+00:00", ["level"] = "INFO", ["message"] = "m", ["lvl"] = 1 }) })),
        ["body: misspelt search filter"] = _ => Raw("POST", Search, Reader(JsonType), Body(new JsonObject { ["acount_names"] = new JsonArray("master_account") })),
        ["body: chunk size beyond Int32"] = _ => [.. RawHttp.Request("PUT", Put, [.. Writer(JsonType), ("Transfer-Encoding", "chunked")]), .. "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"u8],
        ["body: log level script"] = _ => Raw("POST", Logs, Writer(JsonType), Body(new JsonObject { ["entries"] = new JsonArray(new JsonObject { ["timestamp"] = "2024-01-15T10:50:00+00:00", ["level"] = "<script>", ["message"] = "m" }) })),

        // cursors
        ["cursor: garbage"] = _ => SearchWith("!!!not a cursor!!!"),
        ["cursor: tampered"] = fixture => SearchWith(Tamper(fixture.Cursor)),
        ["cursor: made for other filters"] = fixture => Raw("POST", Search, Reader(JsonType), Body(new JsonObject { ["account_names"] = new JsonArray("other_account"), ["cursor"] = fixture.Cursor })),
        ["cursor: 10 KB"] = _ => SearchWith(new string('A', 10 * 1024)),
        ["cursor: SQL"] = _ => SearchWith("' OR 1=1 --"),
        ["cursor: a number"] = _ => Raw("POST", Search, Reader(JsonType), Body(new JsonObject { ["account_names"] = new JsonArray("master_account"), ["cursor"] = 12345 })),
        ["search: limit 0"] = _ => Raw("POST", Search, Reader(JsonType), Body(new JsonObject { ["limit"] = 0 })),
        ["search: limit 2^31"] = _ => Raw("POST", Search, Reader(JsonType), "{\"limit\": 2147483648}"u8.ToArray()),

        // query strings
        ["query: limit=-1"] = _ => Get(Logs + "?limit=-1"),
        ["query: limit=1e9"] = _ => Get(Logs + "?limit=1e9"),
        ["query: limit beyond Int64"] = _ => Get(Logs + "?limit=99999999999999999999"),
        ["query: level=<script>"] = _ => Get(Logs + "?level=%3Cscript%3Ealert(1)%3C/script%3E"),
        ["query: level as SQL"] = _ => Get(Logs + "?level=INFO'%20OR%20'1'='1"),
        ["query: repeated limit"] = _ => Get(Logs + "?limit=5&limit=abc"),
        ["query: repeated level"] = _ => Get(Logs + "?level=INFO&level=ERROR"),

        // encodings
        ["encoding: overlong UTF-8 dot"] = _ => Get("/executors/%C0%AE%C0%AE"),
        ["encoding: overlong UTF-8 slash"] = _ => Get("/executors/..%C0%AF..%C0%AFetc"),
        ["encoding: invalid percent-encoding"] = _ => Get("/executors/%zz"),
        ["encoding: truncated percent-encoding"] = _ => Get("/executors/abc%"),
        ["encoding: lone surrogate"] = _ => Get("/executors/%ED%A0%80"),
        ["encoding: traversal with encoded slashes"] = _ => Get("/executors/..%2F..%2F..%2Fetc%2Fpasswd"),
        ["encoding: URL over the limit"] = _ => Get("/executors/" + new string('a', 3000)),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void Suite_HasAtLeastFiftyCases() => Assert.True(Cases.Count >= 50, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileRequest_IsA4xxProblemWithoutLeaks(string name)
    {
        // Act
        var response = await RawHttp.SendAsync(api.Address, Cases[name](api), TestContext.Current.CancellationToken);

        // Assert
        Assert.InRange(response.Status, 400, 499);
        Assert.True(response.Headers.TryGetValue("Content-Type", out var contentType), "no Content-Type");
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, response.Body, StringComparison.Ordinal);
        }

        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(response.Status, problem.RootElement.GetProperty("status").GetInt32());

        // Fields by their wire names: never MVC's parameter names, a JSON path or an empty key.
        Assert.DoesNotContain("$.", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (problem.RootElement.TryGetProperty("errors", out var errors))
        {
            foreach (var field in errors.EnumerateObject())
            {
                Assert.DoesNotContain(field.Name, (string[])["", "state", "query", "body"]);
                Assert.False(field.Name.StartsWith('$'), field.Name);
            }
        }

        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    public static TheoryData<string, int> KestrelCases => new()
    {
        { "request line beyond Kestrel's limit", 414 },
        { "headers beyond Kestrel's limit", 431 },
        { "header line without a colon", 400 },
        { "Content-Length not a number", 400 },
        { "raw non-ASCII byte in the path", 400 },
        { "encoded NUL in the path", 400 },
    };

    [Theory]
    [MemberData(nameof(KestrelCases))]
    public async Task KestrelRejects_WithABare4xxAndClosesTheConnection(string name, int status)
    {
        // Arrange: requests that cannot be parsed as HTTP, or beyond Kestrel's hard limits (twice the app's own): the
        // app never sees them, so Kestrel answers itself, with no body.
        var request = name switch
        {
            "request line beyond Kestrel's limit" => RawHttp.Request("GET", "/executors/" + new string('a', 20 * 1024), Reader()),
            "headers beyond Kestrel's limit" => RawHttp.Request("GET", "/health/live", [.. Reader(), ("X-Padding", new string('p', 70 * 1024))]),
            "header line without a colon" => RawHttp.Request("GET", "/health/live", [("X-No-Colon\r\nbroken line", "x")]),
            "Content-Length not a number" => RawHttp.Request("PUT", Put, [.. Writer(JsonType), ("Content-Length", "abc")]),
            "raw non-ASCII byte in the path" => RawHttp.Request("GET", "/executors/\u00e9", Reader()),
            "encoded NUL in the path" => RawHttp.Request("GET", "/executors/abc%00def", Reader()),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        // Act
        var response = await RawHttp.SendAsync(api.Address, request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(status, response.Status);
        Assert.True(response.Closed);
        Assert.Equal(string.Empty, response.Body);
    }

    internal static (string, string)[] Reader(string? contentType = null, params (string, string)[] extra) =>
        Headers(ReaderBasic, contentType, extra);

    private static string ReaderBasic => TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword);

    private static (string, string)[] Writer(string? contentType = null, params (string, string)[] extra) =>
        Headers(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword), contentType, extra);

    private static (string, string)[] Headers(string authorization, string? contentType, (string, string)[] extra) =>
        [("Authorization", authorization), .. contentType is null ? [] : new[] { ("Content-Type", contentType) }, .. extra];

    /// <summary>GET as the reader, unless the extra headers bring their own Authorization.</summary>
    private static byte[] Get(string target, params (string Name, string Value)[] extra) =>
        RawHttp.Request("GET", target, extra.Any(header => header.Name == "Authorization") ? extra : [.. Reader(), .. extra]);

    private static byte[] Raw(string method, string target, (string, string)[] headers, byte[] body) =>
        RawHttp.Request(method, target, headers, body);

    private static byte[] SearchWith(string cursor) =>
        Raw("POST", Search, Reader(JsonType), Body(new JsonObject { ["account_names"] = new JsonArray("master_account"), ["cursor"] = cursor }));

    private static byte[] Body(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>The body with one property's value replaced by raw JSON text (for what JsonNode cannot write).</summary>
    private static string Body(JsonObject body, string property, string rawValue)
    {
        body[property] = "__RAW__";
        return body.ToJsonString().Replace("\"__RAW__\"", rawValue, StringComparison.Ordinal);
    }

    private static JsonObject With(string property, JsonNode? value)
    {
        var body = ExecutorStateBodies.Valid();
        body[property] = value;
        return body;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The cursor with one character in its middle changed, still valid base64url.</summary>
    private static string Tamper(string cursor)
    {
        var chars = cursor.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
