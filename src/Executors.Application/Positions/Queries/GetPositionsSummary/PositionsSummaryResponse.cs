using System.Text.Json.Serialization;

namespace Executors.Application.Positions.Queries.GetPositionsSummary;

/// <summary>The position holds with volume, and their totals.</summary>
public sealed class PositionsSummaryResponse
{
    /// <summary>Number of position holds with volume</summary>
    [JsonPropertyName("total_positions")]
    public required int TotalPositions { get; init; }

    /// <summary>Realized PnL of those positions, in quote</summary>
    [JsonPropertyName("total_realized_pnl")]
    public required decimal TotalRealizedPnl { get; init; }

    /// <summary>Unrealized PnL at market prices: always null (this service holds no market prices)</summary>
    [JsonPropertyName("total_unrealized_pnl")]
    public required decimal? TotalUnrealizedPnl { get; init; }

    /// <summary>The positions, in the order they were first opened</summary>
    [JsonPropertyName("positions")]
    public required IReadOnlyList<PositionHoldResponse> Positions { get; init; }
}
