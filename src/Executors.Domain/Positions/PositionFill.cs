using Executors.Domain.Executors;

namespace Executors.Domain.Positions;

/// <summary>Volume an executor left in a position: one side's filled amounts and the fees paid for them (quote).</summary>
public sealed record PositionFill(TradeSide Side, decimal AmountBase, decimal AmountQuote, decimal FeesQuote);
