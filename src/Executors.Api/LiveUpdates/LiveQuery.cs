using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Executors.Application.LiveUpdates;

namespace Executors.Api.LiveUpdates;

/// <summary>
/// What a WebSocket subscription reads: its type and parameters, parsed from a <c>subscribe</c> message. Two
/// subscriptions with equal <see cref="Key"/>s (and account scopes) read the same thing, so they can share one read.
/// </summary>
internal sealed class LiveQuery
{
    public const string Executors = "executors";
    public const string ExecutorDetail = "executor_detail";
    public const string ExecutorSummary = "executor_summary";
    public const string Performance = "performance";
    public const string Positions = "positions";
    public const string ExecutorLogs = "executor_logs";

    public const double DefaultUpdateInterval = 2.0;
    public const double MinUpdateInterval = 0.5;
    public const double MaxUpdateInterval = 60.0;
    public const int DefaultLogLimit = 100;

    /// <summary>The subscription types, sorted (as the error message lists them).</summary>
    public static readonly IReadOnlyList<string> Types =
        [ExecutorDetail, ExecutorLogs, ExecutorSummary, Executors, Performance, Positions];

    /// <summary>The filter keys of an <c>executors</c> subscription: singular, as the original's.</summary>
    public static readonly IReadOnlyList<string> FilterKeys =
        ["account_name", "connector_name", "trading_pair", "executor_type", "status", "controller_id"];

    private LiveQuery(string type, string subscriptionId, double updateInterval)
    {
        Type = type;
        SubscriptionId = subscriptionId;
        UpdateInterval = updateInterval;
    }

    public string Type { get; }

    public string SubscriptionId { get; }

    /// <summary>Seconds, clamped to [0.5, 60]: the most often this subscription is re-read and sent.</summary>
    public double UpdateInterval { get; }

    public string? ExecutorId { get; private init; }

    public string? ControllerId { get; private init; }

    /// <summary>An <c>executors</c> subscription's filters, by their singular keys, sorted; nulls left out.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; private init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public string? Level { get; private init; }

    public int? Limit { get; private init; }

    /// <summary>Identifies what is read (not how often): equal keys, equal answers for one account scope.</summary>
    public string Key { get; private init; } = string.Empty;

    /// <summary>Whether <paramref name="change"/> may alter what this subscription reads (for a subscriber seeing <paramref name="visible"/>).</summary>
    public bool IsAffectedBy(ExecutorChange change, IReadOnlySet<string>? visible)
    {
        if (change.Kind == ExecutorChangeKind.Resync)
        {
            return true;
        }

        if (!change.IsVisibleTo(visible))
        {
            return false;
        }

        return Type switch
        {
            Executors => change.Kind is ExecutorChangeKind.Executor or ExecutorChangeKind.Lease
                && (!Filters.TryGetValue("account_name", out var account) || string.Equals(account, change.AccountName, StringComparison.Ordinal)),
            ExecutorDetail => change.Kind is not ExecutorChangeKind.Positions && string.Equals(change.ExecutorId, ExecutorId, StringComparison.Ordinal),
            ExecutorSummary or Performance => change.Kind == ExecutorChangeKind.Executor,
            Positions => change.Kind == ExecutorChangeKind.Positions,
            ExecutorLogs => change.Kind == ExecutorChangeKind.Logs && string.Equals(change.ExecutorId, ExecutorId, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Reads a <c>subscribe</c> message; on failure <paramref name="error"/> says what is wrong, naming the field.</summary>
    public static bool TryParse(JsonElement message, out LiveQuery? query, out string? error)
    {
        query = null;
        var type = message.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        if (type is null || !Types.Contains(type, StringComparer.Ordinal))
        {
            var shown = type ?? (message.TryGetProperty("type", out var raw) ? raw.GetRawText() : "null");
            error = $"Unknown subscription type: {shown}. Valid types: [{string.Join(", ", Types.Select(t => $"'{t}'"))}]";
            return false;
        }

        double interval;
        if (!message.TryGetProperty("update_interval", out var intervalElement) || intervalElement.ValueKind == JsonValueKind.Null)
        {
            interval = DefaultUpdateInterval;
        }
        else if (intervalElement.ValueKind == JsonValueKind.Number && intervalElement.TryGetDouble(out var seconds) && double.IsFinite(seconds))
        {
            interval = Math.Clamp(seconds, MinUpdateInterval, MaxUpdateInterval);
        }
        else
        {
            error = $"update_interval must be a number of seconds ({MinUpdateInterval.ToString(CultureInfo.InvariantCulture)} to {MaxUpdateInterval.ToString(CultureInfo.InvariantCulture)}).";
            return false;
        }

        switch (type)
        {
            case Executors:
                return TryParseExecutors(message, interval, out query, out error);
            case ExecutorDetail:
            case ExecutorLogs:
                return TryParseOfExecutor(message, type, interval, out query, out error);
            case ExecutorSummary:
                query = new LiveQuery(type, ExecutorSummary, interval) { Key = ExecutorSummary };
                error = null;
                return true;
            default: // performance, positions
                if (!TryOptionalString(message, "controller_id", out var controllerId, out error))
                {
                    return false;
                }

                query = new LiveQuery(type, $"{type}_{controllerId ?? "all"}", interval)
                {
                    ControllerId = controllerId,
                    Key = KeyOf(type, controllerId),
                };
                return true;
        }
    }

    private static bool TryParseExecutors(JsonElement message, double interval, out LiveQuery? query, out string? error)
    {
        query = null;
        var filters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (message.TryGetProperty("filters", out var filtersElement) && filtersElement.ValueKind != JsonValueKind.Null)
        {
            if (filtersElement.ValueKind != JsonValueKind.Object)
            {
                error = "filters must be an object (keys: " + string.Join(", ", FilterKeys) + ").";
                return false;
            }

            foreach (var filter in filtersElement.EnumerateObject())
            {
                if (!FilterKeys.Contains(filter.Name, StringComparer.Ordinal))
                {
                    error = $"Unknown filter: {filter.Name}. Valid filters: {string.Join(", ", FilterKeys)}";
                    return false;
                }

                switch (filter.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        continue;
                    case JsonValueKind.String:
                        filters[filter.Name] = filter.Value.GetString()!;
                        break;
                    default:
                        error = $"filters.{filter.Name} must be a string.";
                        return false;
                }
            }
        }

        var canonical = JsonSerializer.Serialize(filters);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        query = new LiveQuery(Executors, $"executors_{hash[..8]}", interval)
        {
            Filters = filters,
            Key = KeyOf(Executors, canonical),
        };
        error = null;
        return true;
    }

    private static bool TryParseOfExecutor(JsonElement message, string type, double interval, out LiveQuery? query, out string? error)
    {
        query = null;
        if (!message.TryGetProperty("executor_id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } executorId)
        {
            error = $"{type} requires 'executor_id' (a string).";
            return false;
        }

        if (type == ExecutorDetail)
        {
            query = new LiveQuery(type, $"{type}_{executorId}", interval) { ExecutorId = executorId, Key = KeyOf(type, executorId) };
            error = null;
            return true;
        }

        if (!TryOptionalString(message, "level", out var level, out error))
        {
            return false;
        }

        var limit = DefaultLogLimit;
        if (message.TryGetProperty("limit", out var limitElement) && limitElement.ValueKind != JsonValueKind.Null)
        {
            if (limitElement.ValueKind != JsonValueKind.Number || !limitElement.TryGetInt32(out limit))
            {
                error = "limit must be an integer.";
                return false;
            }
        }

        query = new LiveQuery(type, $"{type}_{executorId}", interval)
        {
            ExecutorId = executorId,
            Level = level,
            Limit = limit,
            Key = KeyOf(type, executorId, level, limit.ToString(CultureInfo.InvariantCulture)),
        };
        return true;
    }

    private static bool TryOptionalString(JsonElement message, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!message.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static string KeyOf(params string?[] parts) => JsonSerializer.Serialize(parts);
}
