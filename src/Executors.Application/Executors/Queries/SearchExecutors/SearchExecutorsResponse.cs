using System.Text.Json.Serialization;

namespace Executors.Application.Executors.Queries.SearchExecutors;

/// <summary>A page of executors, newest first.</summary>
public sealed class SearchExecutorsResponse
{
    /// <summary>The executors of this page (without config and custom_info).</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<ExecutorResponse> Data { get; init; }

    /// <summary>Where this page stands.</summary>
    [JsonPropertyName("pagination")]
    public required PaginationResponse Pagination { get; init; }
}
