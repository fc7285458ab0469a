using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Positions;

/// <summary>
/// The position that executors closed with POSITION_HOLD (stopped with keep_position) left open on one market, per
/// account and controller: what was bought and sold, in base and quote. Volume bought and sold alike is settled as it
/// arrives — its PnL at the two sides' average prices is realized and it leaves both sides — so what remains is the open
/// position, and the breakeven prices are those of the open position only.
/// </summary>
public sealed class PositionHold
{
    /// <summary>
    /// Decimal places every amount is kept to (inputs are rounded to them): exact for any real fill, and small enough
    /// that a breakeven price (quote over base) of the smallest base amount cannot overflow a decimal.
    /// </summary>
    public const int Scale = 12;

    /// <summary>The largest magnitude any amount of a position may reach (exclusive): 10^15.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    private List<string> _executorIds = [];

    // For EF Core materialization only.
    private PositionHold()
    {
        AccountName = ConnectorName = TradingPair = ControllerId = string.Empty;
    }

    /// <summary>Surrogate database key; never leaves the service.</summary>
    public long Id { get; private set; }

    public string AccountName { get; private set; }

    public string ConnectorName { get; private set; }

    public string TradingPair { get; private set; }

    public string ControllerId { get; private set; }

    public decimal BuyAmountBase { get; private set; }

    public decimal BuyAmountQuote { get; private set; }

    public decimal SellAmountBase { get; private set; }

    public decimal SellAmountQuote { get; private set; }

    /// <summary>PnL of the volume settled so far (bought and sold alike), in quote.</summary>
    public decimal RealizedPnlQuote { get; private set; }

    /// <summary>Fees paid for every fill added, in quote.</summary>
    public decimal CumFeesQuote { get; private set; }

    /// <summary>The executors that added to this position, in the order they first did, each once.</summary>
    public IReadOnlyList<string> ExecutorIds => _executorIds;

    /// <summary>When a fill was last added (UTC, to the microsecond), or <see langword="null"/> before any.</summary>
    public DateTimeOffset? LastUpdated { get; private set; }

    public PositionKey Key => new(AccountName, ConnectorName, TradingPair, ControllerId);

    /// <summary>Bought minus sold: positive is long, negative short.</summary>
    public decimal NetAmountBase => BuyAmountBase - SellAmountBase;

    /// <summary>Average price of what is bought and still open; <see langword="null"/> when nothing is.</summary>
    public decimal? BuyBreakevenPrice => BuyAmountBase > 0 ? Round(BuyAmountQuote / BuyAmountBase) : null;

    /// <summary>Average price of what is sold and still open; <see langword="null"/> when nothing is.</summary>
    public decimal? SellBreakevenPrice => SellAmountBase > 0 ? Round(SellAmountQuote / SellAmountBase) : null;

    /// <summary>The volume bought and sold alike, not yet settled (zero after every fill: settlement is immediate).</summary>
    public decimal MatchedAmountBase => Math.Min(BuyAmountBase, SellAmountBase);

    /// <summary>The open position's size, whichever way it leans.</summary>
    public decimal UnmatchedAmountBase => Math.Abs(NetAmountBase);

    public PositionSide PositionSide => NetAmountBase switch
    {
        > 0 => PositionSide.Long,
        < 0 => PositionSide.Short,
        _ => PositionSide.Flat,
    };

    /// <summary>Whether anything is open on either side (a position fully settled has none, though it has realized PnL).</summary>
    public bool HasVolume => BuyAmountBase > 0 || SellAmountBase > 0;

    /// <summary>A position with nothing in it yet.</summary>
    public static PositionHold Open(PositionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new PositionHold
        {
            AccountName = key.AccountName,
            ConnectorName = key.ConnectorName,
            TradingPair = key.TradingPair,
            ControllerId = key.ControllerId,
        };
    }

    /// <summary>Adds everything an executor left in this position.</summary>
    public void Hold(HeldPosition held, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Key != Key)
        {
            throw new DomainException("An executor's held position belongs to another position hold.");
        }

        foreach (var fill in held.Fills)
        {
            AddFill(fill.Side, fill.AmountBase, fill.AmountQuote, held.ExecutorId, fill.FeesQuote, at);
        }
    }

    /// <summary>
    /// Adds one side's fill, then settles the volume bought and sold alike: its PnL (matched × (average sell − average
    /// buy)) is realized and it leaves both sides at their average prices.
    /// </summary>
    public void AddFill(TradeSide side, decimal amountBase, decimal amountQuote, string? executorId, decimal feesQuote, DateTimeOffset at)
    {
        if (side is not (TradeSide.Buy or TradeSide.Sell))
        {
            throw new DomainException("A position fill is a BUY or a SELL.");
        }

        if (amountBase < 0 || amountQuote < 0 || feesQuote < 0)
        {
            throw new DomainException("A position fill's amounts and fees cannot be negative.");
        }

        var buyBase = BuyAmountBase;
        var buyQuote = BuyAmountQuote;
        var sellBase = SellAmountBase;
        var sellQuote = SellAmountQuote;
        if (side == TradeSide.Buy)
        {
            buyBase = Round(buyBase + amountBase);
            buyQuote = Round(buyQuote + amountQuote);
        }
        else
        {
            sellBase = Round(sellBase + amountBase);
            sellQuote = Round(sellQuote + amountQuote);
        }

        var fees = Round(CumFeesQuote + feesQuote);
        var realized = RealizedPnlQuote;
        var matched = Math.Min(buyBase, sellBase);
        if (matched > 0)
        {
            // matched × average price, written as a share of each side's quote: the share is at most 1, so no step can
            // overflow however small a side's base amount is.
            var boughtCost = Round(buyQuote * (matched / buyBase));
            var soldProceeds = Round(sellQuote * (matched / sellBase));
            realized = Round(realized + soldProceeds - boughtCost);
            buyBase = Round(buyBase - matched);
            buyQuote = Round(buyQuote - boughtCost);
            sellBase = Round(sellBase - matched);
            sellQuote = Round(sellQuote - soldProceeds);
        }

        if (Math.Max(Math.Max(buyBase, buyQuote), Math.Max(Math.Max(sellBase, sellQuote), Math.Max(fees, Math.Abs(realized)))) >= MaxAmount)
        {
            throw new DomainException($"The position hold's amounts would reach {MaxAmount:0}: it cannot take this fill.");
        }

        (BuyAmountBase, BuyAmountQuote, SellAmountBase, SellAmountQuote) = (buyBase, buyQuote, sellBase, sellQuote);
        RealizedPnlQuote = realized;
        CumFeesQuote = fees;
        if (!string.IsNullOrEmpty(executorId) && !_executorIds.Contains(executorId, StringComparer.Ordinal))
        {
            _executorIds = [.. _executorIds, executorId];
        }

        // The store keeps microseconds: the instant is the one it will read back.
        var utc = at.ToUniversalTime();
        LastUpdated = utc.AddTicks(-(utc.Ticks % 10));
    }

    /// <summary>
    /// To <see cref="Scale"/> places, without trailing zeros (decimal arithmetic adds them: 200 × 0.25 is 50.00), so that
    /// the contract answers 150, not 150.00.
    /// </summary>
    private static decimal Round(decimal amount) => Math.Round(amount, Scale, MidpointRounding.ToEven) / 1.000000000000000000000000000000000m;
}
