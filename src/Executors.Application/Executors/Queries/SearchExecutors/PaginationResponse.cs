using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.SearchExecutors;

/// <summary>Keyset pagination: pass <c>next_cursor</c> as <c>cursor</c> to get the next page.</summary>
public sealed class PaginationResponse
{
    /// <summary>The page size asked for</summary>
    [JsonPropertyName("limit")]
    public required int Limit { get; init; }

    /// <summary>Whether another page follows</summary>
    [JsonPropertyName("has_more")]
    public required bool HasMore { get; init; }

    /// <summary>The cursor of the next page, null on the last one</summary>
    [JsonPropertyName("next_cursor")]
    public required string? NextCursor { get; init; }

    /// <summary>How many executors match the filters in all</summary>
    [JsonPropertyName("total_count")]
    public required int TotalCount { get; init; }
}
