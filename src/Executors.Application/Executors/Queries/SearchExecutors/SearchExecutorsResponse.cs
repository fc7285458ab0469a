using System.Text.Json.Serialization;
using Executors.Application.Executors.Queries.GetExecutor;

namespace Executors.Application.Executors.Queries.SearchExecutors;

/// <summary>A page of executors, newest first.</summary>
public sealed class SearchExecutorsResponse
{
    /// <summary>The executors of this page, with config and custom_info (both null when the search asked for a lean page).</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<ExecutorDetailResponse> Data { get; init; }

    /// <summary>Where this page stands.</summary>
    [JsonPropertyName("pagination")]
    public required PaginationResponse Pagination { get; init; }
}
