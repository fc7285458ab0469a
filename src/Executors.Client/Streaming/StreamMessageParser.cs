using System.Text.Json;

namespace Executors.Client;

/// <summary>Turns one text frame of <c>/ws/executors</c> into a typed <see cref="StreamMessage"/>.</summary>
internal static class StreamMessageParser
{
    // The generated records carry their wire names as attributes; the generated client reads them with default options.
    private static readonly JsonSerializerOptions Json = new();

    /// <exception cref="JsonException">The frame is not a JSON object with a string <c>type</c>, or its data does not fit the type.</exception>
    public static StreamMessage Parse(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        var root = document.RootElement.Clone();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("A stream message must be a JSON object with a string \"type\".");
        }

        var type = typeElement.GetString()!;
        var timestamp = Timestamp(root);
        return type switch
        {
            "connected" => new ConnectedMessage { Type = type, Timestamp = timestamp, Raw = root, ConnectionId = String(root, "connection_id") ?? "" },
            "heartbeat" => new HeartbeatMessage { Type = type, Timestamp = timestamp, Raw = root },
            "pong" => new PongMessage { Type = type, Timestamp = timestamp, Raw = root },
            "error" => new StreamErrorMessage { Type = type, Timestamp = timestamp, Raw = root, Message = String(root, "message") ?? "" },
            "subscribed" => new SubscribedMessage
            {
                Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"),
                SubscriptionType = String(root, "subscription_type") ?? "",
                UpdateInterval = root.TryGetProperty("update_interval", out var interval) && interval.ValueKind == JsonValueKind.Number ? interval.GetDouble() : null,
            },
            "unsubscribed" => new UnsubscribedMessage { Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id") },
            "executor_detail" => new ExecutorDetailMessage
            {
                Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"),
                Executor = Data<ExecutorDetailResponse>(root),
            },
            "executors" => new ExecutorsMessage
            {
                Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"),
                Executors = Data<List<ExecutorDetailResponse>>(root), TotalCount = Int(root, "total_count"),
            },
            "executor_summary" => new ExecutorSummaryMessage
            {
                Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"),
                Summary = Data<ExecutorsSummaryResponse>(root),
            },
            "performance" => new PerformanceMessage
            {
                Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"),
                Performance = Data<PerformanceReportResponse>(root),
            },
            "positions" => new PositionsMessage
            {
                Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"),
                Positions = Data<PositionsSummaryResponse>(root),
            },
            "executor_logs" => Logs(root, type, timestamp),
            _ => new UnknownStreamMessage { Type = type, Timestamp = timestamp, Raw = root },
        };
    }

    private static ExecutorLogsMessage Logs(JsonElement root, string type, DateTimeOffset? timestamp)
    {
        // data is the list of entries; a server that sends the REST body ({executor_id, logs, total_count}) is read too.
        var data = root.TryGetProperty("data", out var d) ? d : default;
        var (entries, total) = data.ValueKind switch
        {
            JsonValueKind.Array => (data.Deserialize<List<ExecutorLogEntryResponse>>(Json)!, Int(root, "total_count")),
            JsonValueKind.Object => (data.Deserialize<ExecutorLogsResponse>(Json)!.Logs, Int(data, "total_count") ?? Int(root, "total_count")),
            _ => throw new JsonException("An executor_logs message must carry its entries in \"data\"."),
        };
        return new ExecutorLogsMessage { Type = type, Timestamp = timestamp, Raw = root, SubscriptionId = Required(root, "subscription_id"), Entries = entries, TotalCount = total };
    }

    private static T Data<T>(JsonElement root)
        where T : class =>
        root.TryGetProperty("data", out var data) && data.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? data.Deserialize<T>(Json) ?? throw new JsonException("\"data\" is null.")
            : throw new JsonException($"A {root.GetProperty("type").GetString()} message must carry \"data\".");

    private static string Required(JsonElement root, string name) =>
        String(root, name) ?? throw new JsonException($"A {root.GetProperty("type").GetString()} message must carry \"{name}\".");

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static DateTimeOffset? Timestamp(JsonElement root) =>
        root.TryGetProperty("timestamp", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            && double.IsFinite(seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : null;
}
