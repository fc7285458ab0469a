using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

// The practical limit of this stack for the benchmark's two requests: the same rows, the same Basic check with a
// cached verification, the same JSON as Executors.Api, written directly on an NpgsqlDataSource and a Utf8JsonWriter.
// Not a product: no validation beyond what the benchmark's requests need, no logging, no problem details.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Logging.ClearProviders();

var connectionString = builder.Configuration.GetConnectionString("Executors")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Executors.");
// The same connection settings the API applies by default (DatabaseConnectionString), so that the ratio measures the
// layers, not the driver's configuration.
var settings = new NpgsqlConnectionStringBuilder(connectionString)
{
    Timeout = 2,
    CommandTimeout = 10,
    MaxPoolSize = 50,
    MaxAutoPrepare = 32,
    NoResetOnClose = true,
    Enlist = false,
};
await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
var users = Users.FromConfiguration(builder.Configuration);

var app = builder.Build();

app.MapGet("/executors/{executor_id}", async Task (HttpContext context, string executor_id) =>
{
    if (!users.Verify(context.Request.Headers.Authorization.ToString()))
    {
        await Unauthorized(context);
        return;
    }

    await using var command = dataSource.CreateCommand(Sql.GetExecutor);
    command.Parameters.Add(new NpgsqlParameter<string>{ TypedValue = executor_id });
    await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
    if (!await reader.ReadAsync(context.RequestAborted))
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(
            $$"""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"detail":"Executor '{{executor_id}}' was not found."}""",
            context.RequestAborted);
        return;
    }

    var active = reader.GetString(5) != "TERMINATED";
    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.Headers.ETag = $"\"{reader.GetInt64(Sql.VersionColumn)}\"";
    context.Response.Headers.CacheControl = active ? "private, no-cache" : "private, max-age=86400, immutable";
    using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
    {
        Json.WriteExecutor(json, reader, detail: true);
    }

    await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
});

app.MapPost("/executors/search", async Task (HttpContext context) =>
{
    if (!users.Verify(context.Request.Headers.Authorization.ToString()))
    {
        await Unauthorized(context);
        return;
    }

    var search = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
    var limit = search.TryGetProperty("limit", out var limitElement) ? limitElement.GetInt32() : 100;
    string[]? connectors = search.TryGetProperty("connector_names", out var connectorElement)
        ? [.. connectorElement.EnumerateArray().Select(element => element.GetString()!)]
        : null;
    var status = search.TryGetProperty("status", out var statusElement) ? statusElement.GetString() : null;
    (DateTime SortAt, string ExecutorId)? after = search.TryGetProperty("cursor", out var cursorElement) && cursorElement.GetString() is { } cursor
        ? Cursor.Decode(cursor)
        : null;

    await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
    await using var batch = new NpgsqlBatch(connection);
    var filter = Sql.Filter(connectors, status);
    var page = new NpgsqlBatchCommand(
        Sql.SearchColumns + filter + (after is null ? string.Empty : " AND (sort_at, executor_id) < ($3, $4)") +
        " ORDER BY sort_at DESC, executor_id DESC LIMIT $5");
    var count = new NpgsqlBatchCommand("SELECT count(*) FROM executors" + filter);
    foreach (var command in new[] { page, count })
    {
        command.Parameters.Add(new NpgsqlParameter<string[]?> { TypedValue = connectors, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = status, NpgsqlDbType = NpgsqlDbType.Text });
    }

    page.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = after?.SortAt ?? default, NpgsqlDbType = NpgsqlDbType.TimestampTz });
    page.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after?.ExecutorId ?? string.Empty });
    page.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
    batch.BatchCommands.Add(page);
    batch.BatchCommands.Add(count);

    context.Response.ContentType = "application/json; charset=utf-8";
    await using var reader = await batch.ExecuteReaderAsync(context.RequestAborted);
    using var json = new Utf8JsonWriter(context.Response.BodyWriter);
    json.WriteStartObject();
    json.WriteStartArray("data");
    var rows = 0;
    (DateTime SortAt, string ExecutorId) last = default;
    while (await reader.ReadAsync(context.RequestAborted))
    {
        if (++rows > limit)
        {
            continue;
        }

        Json.WriteExecutor(json, reader, detail: true);
        last = (reader.GetFieldValue<DateTime>(Sql.SortAtColumn), reader.GetString(0));
    }

    json.WriteEndArray();
    await reader.NextResultAsync(context.RequestAborted);
    await reader.ReadAsync(context.RequestAborted);
    json.WriteStartObject("pagination");
    json.WriteNumber("limit", limit);
    json.WriteBoolean("has_more", rows > limit);
    if (rows > limit)
    {
        json.WriteString("next_cursor", Cursor.Encode(last));
    }
    else
    {
        json.WriteNull("next_cursor");
    }

    json.WriteNumber("total_count", reader.GetInt64(0));
    json.WriteEndObject();
    json.WriteEndObject();
    await json.FlushAsync(context.RequestAborted);
});

app.MapGet("/health/ready", () => "Healthy");

await app.RunAsync();

static Task Unauthorized(HttpContext context)
{
    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    context.Response.Headers.WWWAuthenticate = "Basic realm=\"executors\", charset=\"UTF-8\"";
    return Task.CompletedTask;
}

/// <summary>The SQL, selecting exactly what the response needs.</summary>
internal static class Sql
{
    private const string Columns =
        "executor_id, executor_type, account_name, connector_name, trading_pair, status, is_trading, net_pnl_quote, " +
        "net_pnl_pct, cum_fees_quote, filled_amount_quote, side, timestamp, created_at, close_type, close_timestamp, " +
        "controller_id, error_count, error_log -> -1 ->> 'message'";

    public const string GetExecutor = "SELECT " + Columns + ", config::text, custom_info::text, version FROM executors WHERE executor_id = $1";

    // Search rows carry config and custom_info, as the original's (and the API's, unless a page is asked lean).
    public const string SearchColumns = "SELECT " + Columns + ", config::text, custom_info::text, sort_at FROM executors";

    public const int VersionColumn = 21;

    public const int SortAtColumn = 21;

    public static string Filter(string[]? connectors, string? status) =>
        " WHERE true" + (connectors is null ? string.Empty : " AND connector_name = ANY($1)") + (status is null ? string.Empty : " AND status = $2");
}

/// <summary>The contract's JSON, field for field and in the API's order.</summary>
internal static class Json
{
    public static void WriteExecutor(Utf8JsonWriter json, NpgsqlDataReader row, bool detail)
    {
        var status = row.GetString(5);
        json.WriteStartObject();
        json.WriteString("executor_id", row.GetString(0));
        WriteNullableString(json, "executor_type", row, 1);
        WriteNullableString(json, "account_name", row, 2);
        WriteNullableString(json, "connector_name", row, 3);
        WriteNullableString(json, "trading_pair", row, 4);
        json.WriteString("status", status);
        json.WriteBoolean("is_active", status != "TERMINATED");
        json.WriteBoolean("is_trading", row.GetBoolean(6));
        json.WriteNumber("net_pnl_quote", row.GetDecimal(7));
        json.WriteNumber("net_pnl_pct", row.GetDecimal(8));
        json.WriteNumber("cum_fees_quote", row.GetDecimal(9));
        json.WriteNumber("filled_amount_quote", row.GetDecimal(10));
        WriteNullableString(json, "side", row, 11);
        WriteUnixSeconds(json, "timestamp", row, 12);
        if (row.IsDBNull(13))
        {
            json.WriteNull("created_at");
        }
        else
        {
            json.WriteString("created_at", row.GetFieldValue<DateTime>(13));
        }

        WriteNullableString(json, "close_type", row, 14);
        WriteUnixSeconds(json, "close_timestamp", row, 15);
        WriteNullableString(json, "controller_id", row, 16);
        json.WriteNumber("error_count", row.GetInt32(17));
        WriteNullableString(json, "last_error", row, 18);
        if (detail)
        {
            WriteRawJson(json, "config", row, 19);
            WriteRawJson(json, "custom_info", row, 20);
        }

        json.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, NpgsqlDataReader row, int ordinal)
    {
        if (row.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, row.GetString(ordinal));
        }
    }

    private static void WriteUnixSeconds(Utf8JsonWriter json, string name, NpgsqlDataReader row, int ordinal)
    {
        if (row.IsDBNull(ordinal))
        {
            json.WriteNull(name);
            return;
        }

        var time = row.GetFieldValue<DateTime>(ordinal);
        json.WriteNumber(name, (decimal)(time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond);
    }

    private static void WriteRawJson(Utf8JsonWriter json, string name, NpgsqlDataReader row, int ordinal)
    {
        json.WritePropertyName(name);
        if (row.IsDBNull(ordinal))
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(row.GetString(ordinal), skipInputValidation: true);
        }
    }
}

/// <summary>The keyset position as <c>ticks:id</c> in base64url.</summary>
internal static class Cursor
{
    public static string Encode((DateTime SortAt, string ExecutorId) position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{position.SortAt.Ticks}:{position.ExecutorId}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (DateTime SortAt, string ExecutorId) Decode(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return (new DateTime(long.Parse(text.AsSpan(0, colon), CultureInfo.InvariantCulture), DateTimeKind.Utc), text[(colon + 1)..]);
    }
}

/// <summary>HTTP Basic against the API's configured PBKDF2 hashes; a verified header is remembered.</summary>
internal sealed class Users
{
    private readonly Dictionary<string, (HashAlgorithmName Algorithm, byte[] Salt, byte[] Hash, int Iterations)> _hashes;
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    private Users(Dictionary<string, (HashAlgorithmName Algorithm, byte[] Salt, byte[] Hash, int Iterations)> hashes) => _hashes = hashes;

    public static Users FromConfiguration(IConfiguration configuration)
    {
        var hashes = new Dictionary<string, (HashAlgorithmName, byte[], byte[], int)>(StringComparer.Ordinal);
        foreach (var user in configuration.GetSection("Authentication:Users").GetChildren())
        {
            hashes[user["UserName"]!] = Parse(user["PasswordHash"]!);
        }

        return new Users(hashes);
    }

    // The API's two formats: ASP.NET Core Identity's version 3 (what hash-password prints: a marker byte, then the PRF,
    // iteration count and salt length as big-endian UInt32s, the salt, the key) and the legacy PBKDF2-SHA256$ one.
    private static (HashAlgorithmName, byte[], byte[], int) Parse(string text)
    {
        if (text.StartsWith("PBKDF2-SHA256$", StringComparison.Ordinal))
        {
            var parts = text.Split('$');
            return (HashAlgorithmName.SHA256, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        var bytes = Convert.FromBase64String(text);
        var prf = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1));
        var iterations = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
        var saltEnd = 13 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9));
        return (prf == 2 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256, bytes[13..saltEnd], bytes[saltEnd..], iterations);
    }

    public bool Verify(string authorization)
    {
        if (_verified.ContainsKey(authorization))
        {
            return true;
        }

        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !_hashes.TryGetValue(decoded[..colon], out var user))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]), user.Salt, user.Iterations, user.Algorithm, user.Hash.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, user.Hash))
        {
            return false;
        }

        _verified.TryAdd(authorization, true);
        return true;
    }
}
