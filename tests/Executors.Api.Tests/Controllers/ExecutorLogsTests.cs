using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Executors.Api.Tests.Infrastructure;
using Executors.Domain.Executors;

namespace Executors.Api.Tests.Controllers;

public sealed class ExecutorLogsTests(SharedApi shared) : SharedApiTest(shared)
{
    private const string Id = "LogsExecutor_1";
    private static readonly DateTimeOffset T0 = new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var executor = new ExecutorBuilder(Id).ForAccount("acct").OnConnector("binance").WithStatus(ExecutorStatus.Running).Build();
        await StoreAsync(executor);
    }

    [Fact]
    public async Task Append_ThenGet_NewestLastWithTotalAndErrorsOnTheRecord()
    {
        // Arrange: sent out of order; two errors.
        var entries = new object[]
        {
            Entry(At(3), "ERROR", "order rejected", "Traceback: InsufficientFunds"),
            Entry(At(1), "INFO", "started"),
            Entry(At(2), "WARNING", "slippage high"),
            Entry(At(4), "ERROR", "connector timeout"),
            Entry(At(0.5), "DEBUG", "tick"),
        };

        // Act
        using var append = await AppendAsync(entries);
        using var logs = await GetJsonAsync($"/executors/{Id}/logs");
        using var executor = await GetJsonAsync($"/executors/{Id}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, append.StatusCode);
        using var appended = JsonDocument.Parse(await append.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(5, appended.RootElement.GetProperty("appended").GetInt32());
        Assert.Equal(2, appended.RootElement.GetProperty("error_count").GetInt32());
        Assert.Equal(["tick", "started", "slippage high", "order rejected", "connector timeout"], Messages(logs));
        Assert.Equal(5, logs.RootElement.GetProperty("total_count").GetInt32());
        // The original's entry: {timestamp: ISO 8601 string, level, message, exc_info}, and nothing else.
        var rejected = logs.RootElement.GetProperty("logs")[3];
        Assert.Equal(["timestamp", "level", "message", "exc_info"], rejected.EnumerateObject().Select(property => property.Name));
        Assert.Equal(JsonValueKind.String, rejected.GetProperty("timestamp").ValueKind);
        Assert.Equal("2024-01-15T10:30:03+00:00", rejected.GetProperty("timestamp").GetString());
        Assert.Equal("ERROR", rejected.GetProperty("level").GetString());
        Assert.Equal("Traceback: InsufficientFunds", rejected.GetProperty("exc_info").GetString());
        Assert.Equal(JsonValueKind.Null, logs.RootElement.GetProperty("logs")[0].GetProperty("exc_info").ValueKind);
        Assert.Equal("2024-01-15T10:30:00.5+00:00", logs.RootElement.GetProperty("logs")[0].GetProperty("timestamp").GetString());
        Assert.Equal(2, executor.RootElement.GetProperty("error_count").GetInt32());
        Assert.Equal("connector timeout", executor.RootElement.GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Get_LevelAndLimit_FilterAndKeepTheNewest()
    {
        // Arrange
        using var append = await AppendAsync(Enumerable.Range(0, 10).Select(i => Entry(At(i), i % 2 == 0 ? "INFO" : "ERROR", $"m{i}")).ToArray());

        // Act
        using var errors = await GetJsonAsync($"/executors/{Id}/logs?level=ERROR&limit=3");

        // Assert
        Assert.Equal(["m5", "m7", "m9"], Messages(errors));
        Assert.Equal(5, errors.RootElement.GetProperty("total_count").GetInt32());
    }

    [Theory]
    [InlineData("error")]
    [InlineData("Error")]
    [InlineData("ERROR")]
    public async Task Get_Level_MatchedInAnyCase(string level)
    {
        // Arrange
        using var append = await AppendAsync([Entry(At(1), "INFO", "fine"), Entry(At(2), "error", "broken")]);

        // Act
        using var errors = await GetJsonAsync($"/executors/{Id}/logs?level={level}");

        // Assert: the lower-case level appended is stored as the original spells it.
        Assert.Equal(["broken"], Messages(errors));
        Assert.Equal("ERROR", errors.RootElement.GetProperty("logs")[0].GetProperty("level").GetString());
    }

    [Fact]
    public async Task Append_TimestampWithoutOffset_IsTakenAsUtc()
    {
        // Arrange: Python's datetime.utcnow().isoformat() has no offset.
        var entry = new { timestamp = "2024-01-15T10:30:00.123456", level = "INFO", message = "naive" };

        // Act
        using var append = await AppendAsync([entry]);
        using var logs = await GetJsonAsync($"/executors/{Id}/logs");

        // Assert
        Assert.Equal(HttpStatusCode.OK, append.StatusCode);
        Assert.Equal("2024-01-15T10:30:00.123456+00:00", logs.RootElement.GetProperty("logs")[0].GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Append_BeyondTheBound_DropsTheOldest()
    {
        // Arrange: a bound of 5 entries per executor — a setting of its own, so a host of its own (on this class's database).
        await using var api = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?> { ["Logs:MaxEntriesPerExecutor"] = "5" });
        using var client = Writer(api.CreateClient());

        // Act: 4 + 4 entries.
        using var first = await client.PostAsJsonAsync($"/executors/{Id}/logs", new { entries = Enumerable.Range(0, 4).Select(i => Entry(At(i), "INFO", $"a{i}")) }, TestContext.Current.CancellationToken);
        using var second = await client.PostAsJsonAsync($"/executors/{Id}/logs", new { entries = Enumerable.Range(0, 4).Select(i => Entry(At(10 + i), "ERROR", $"b{i}")) }, TestContext.Current.CancellationToken);
        using var logs = JsonDocument.Parse(await Reader(api.CreateClient()).GetStringAsync($"/executors/{Id}/logs?limit=100", TestContext.Current.CancellationToken));

        // Assert: the newest five are kept; every error still counts.
        Assert.Equal(["a3", "b0", "b1", "b2", "b3"], Messages(logs));
        Assert.Equal(5, logs.RootElement.GetProperty("total_count").GetInt32());
        using var appended = JsonDocument.Parse(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(4, appended.RootElement.GetProperty("error_count").GetInt32());
    }

    [Fact]
    public async Task Append_TerminatedExecutor_Returns409AndKeepsTheRecord()
    {
        // Arrange
        var done = new ExecutorBuilder("LogsDone").OfType(ExecutorTypes.Twap).ForAccount("acct").OnConnector("binance")
            .Terminated(CloseType.Completed, DateTimeOffset.UtcNow).Build();
        await StoreAsync(done);

        // Act
        using var client = Writer(Api.CreateClient());
        using var response = await client.PostAsJsonAsync("/executors/LogsDone/logs", new { entries = new[] { Entry(T0, "ERROR", "late") } }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var executor = await GetJsonAsync("/executors/LogsDone");
        Assert.Equal(0, executor.RootElement.GetProperty("error_count").GetInt32());
    }

    [Theory]
    [InlineData("""{"entries": []}""", "entries")]
    [InlineData("""{}""", "entries")]
    [InlineData("""{"entries": [{"timestamp": "2024-01-15T10:30:00+00:00", "level": "FATAL", "message": "x"}]}""", "entries[0].level")]
    [InlineData("""{"entries": [{"timestamp": "2024-01-15T10:30:00+00:00", "level": "INFO", "message": ""}]}""", "entries[0].message")]
    [InlineData("""{"entries": [{"level": "INFO", "message": "x"}]}""", "entries[0].timestamp")]
    [InlineData("""{"entries": [{"timestamp": "2001-01-01T00:00:00Z", "level": "INFO", "message": "x"}]}""", "entries[0].timestamp")]
    [InlineData("""{"entries": [{"timestamp": "yesterday", "level": "INFO", "message": "x"}]}""", "entries[0].timestamp")]
    [InlineData("""{"entries": [{"timestamp": 1705315800, "level": "INFO", "message": "x"}]}""", "entries[0].timestamp")]
    [InlineData("""{"entries": [{"timestamp": "2024-01-15T10:30:00+00:00", "level": "INFO", "message": "x", "traceback": "y"}]}""", "entries[0].traceback")]
    public async Task Append_InvalidEntries_Returns400NamingTheField(string body, string field)
    {
        // Act
        using var client = Writer(Api.CreateClient());
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/executors/{Id}/logs", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.GetRawText());
    }

    [Fact]
    public async Task Append_TooManyEntries_Returns400()
    {
        // Act
        using var response = await AppendAsync(Enumerable.Range(0, 1001).Select(i => Entry(T0, "INFO", "x")).ToArray());

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?level=FATAL", "level")]
    public async Task Get_InvalidQuery_Returns400(string query, string field)
    {
        // Act
        using var response = await Reader(Api.CreateClient()).GetAsync($"/executors/{Id}/logs{query}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = await ProblemAssert.ReadAsync(response, 400);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Get_ExecutorWithoutEntries_ReturnsAnEmptyLog()
    {
        // Act
        using var logs = await GetJsonAsync($"/executors/{Id}/logs");

        // Assert
        Assert.Empty(Messages(logs));
        Assert.Equal(0, logs.RootElement.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Logs_UnknownExecutor_Returns404()
    {
        // Act
        using var get = await Reader(Api.CreateClient()).GetAsync("/executors/nobody/logs", TestContext.Current.CancellationToken);
        using var post = await Writer(Api.CreateClient()).PostAsJsonAsync("/executors/nobody/logs", new { entries = new[] { Entry(T0, "INFO", "x") } }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Append_AsReader_Returns403()
    {
        // Act
        using var response = await Reader(Api.CreateClient()).PostAsJsonAsync($"/executors/{Id}/logs", new { entries = new[] { Entry(T0, "INFO", "x") } }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static object Entry(DateTimeOffset at, string level, string message, string? excInfo = null) =>
        new { timestamp = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture), level, message, exc_info = excInfo };

    private async Task<HttpResponseMessage> AppendAsync(object[] entries)
    {
        using var client = Writer(Api.CreateClient());
        return await client.PostAsJsonAsync($"/executors/{Id}/logs", new { entries }, TestContext.Current.CancellationToken);
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var client = Reader(Api.CreateClient());
        return JsonDocument.Parse(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
    }

    private static HttpClient Writer(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Writer, TestUsers.WriterPassword));
        return client;
    }

    private static HttpClient Reader(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(TestUsers.BasicHeader(TestUsers.Reader, TestUsers.ReaderPassword));
        return client;
    }

    private static string[] Messages(JsonDocument logs) =>
        [.. logs.RootElement.GetProperty("logs").EnumerateArray().Select(entry => entry.GetProperty("message").GetString()!)];
}
