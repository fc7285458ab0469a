using System.Collections.Frozen;

namespace Executors.Domain.Executors;

/// <summary>The executor types Hummingbot ships (<c>hummingbot/strategy_v2/executors</c>), spelled as it spells them.</summary>
public static class ExecutorTypes
{
    public const string Position = "position_executor";
    public const string Grid = "grid_executor";
    public const string Dca = "dca_executor";
    public const string Twap = "twap_executor";
    public const string Arbitrage = "arbitrage_executor";
    public const string Xemm = "xemm_executor";
    public const string Order = "order_executor";
    public const string Lp = "lp_executor";

    public static IReadOnlyList<string> All { get; } = [Position, Grid, Dca, Twap, Arbitrage, Xemm, Order, Lp];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string? executorType) => executorType is not null && Known.Contains(executorType);
}
