using System.Text.Json.Serialization;
using Executors.Domain.Executors;
using MediatR;

namespace Executors.Application.Executors.Queries.SearchExecutors;

/// <summary>Search executors: the request body of <c>POST /executors/search</c>, the original service's shape.</summary>
public sealed record SearchExecutorsQuery : IRequest<SearchExecutorsResponse>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Only executors of these accounts.</summary>
    [JsonPropertyName("account_names")]
    public IReadOnlyList<string>? AccountNames { get; init; }

    /// <summary>Only executors on these connectors.</summary>
    [JsonPropertyName("connector_names")]
    public IReadOnlyList<string>? ConnectorNames { get; init; }

    /// <summary>Only executors trading these pairs.</summary>
    [JsonPropertyName("trading_pairs")]
    public IReadOnlyList<string>? TradingPairs { get; init; }

    /// <summary>Only executors of these types.</summary>
    [JsonPropertyName("executor_types")]
    public IReadOnlyList<string>? ExecutorTypes { get; init; }

    /// <summary>Only executors spawned by these controllers.</summary>
    [JsonPropertyName("controller_ids")]
    public IReadOnlyList<string>? ControllerIds { get; init; }

    /// <summary>Only executors in this status (NOT_STARTED, RUNNING, SHUTTING_DOWN, TERMINATED).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page; absent for the first page.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    /// <summary>
    /// A lean page: rows without config and custom_info (both null), which are most of a row's size and of a page's
    /// cost. Not a key of the original service's search; its clients never send it and get the full rows.
    /// </summary>
    [JsonPropertyName("lean")]
    public bool? Lean { get; init; }

    /// <summary>Page size, 1–1000 (default 100).</summary>
    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    [JsonIgnore]
    public int EffectiveLimit => Limit ?? DefaultLimit;

    /// <summary>The filter this search asks for (call only once the query is valid).</summary>
    public ExecutorFilter ToFilter() => new()
    {
        AccountNames = AccountNames ?? [],
        ConnectorNames = ConnectorNames ?? [],
        TradingPairs = TradingPairs ?? [],
        ExecutorTypes = ExecutorTypes ?? [],
        ControllerIds = ControllerIds ?? [],
        Status = WireCodes.TryParse<ExecutorStatus>(Status, out var status) ? status : null,
    };
}
