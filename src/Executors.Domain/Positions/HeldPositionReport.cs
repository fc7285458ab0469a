using System.Globalization;
using System.Text.Json;
using Executors.Domain.Common;
using Executors.Domain.Executors;

namespace Executors.Domain.Positions;

/// <summary>
/// How an executor's terminal POSITION_HOLD report says what it leaves in its position (docs/contract.md, "Position
/// holds"): <c>custom_info.held_position_orders</c> — orders with a trade_type (BUY or SELL), executed_amount_base,
/// executed_amount_quote and optionally cumulative_fee_paid_quote, numbers or decimal strings, none negative — or else
/// <c>custom_info.filled_amount_base</c> with the state's filled_amount_quote and side (BUY or SELL) and cum_fees_quote.
/// The report also needs the position's account, connector and pair. One reading serves both the rules and the fills.
/// </summary>
public static class HeldPositionReport
{
    public const string OrdersField = "custom_info.held_position_orders";
    public const string FilledBaseField = "custom_info.filled_amount_base";

    /// <summary>Whether a state is a terminal POSITION_HOLD report (the only kind that holds a position).</summary>
    public static bool HoldsPosition(ExecutorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Status == ExecutorStatus.Terminated && state.CloseType == CloseType.PositionHold;
    }

    /// <summary>Every rule a terminal POSITION_HOLD report breaks, each naming its wire field (none for other states).</summary>
    public static IReadOnlyList<RuleViolation> Violations(ExecutorState state) =>
        HoldsPosition(state) ? Read(state, "-").Violations : [];

    /// <summary>
    /// What the executor leaves in its position, when <paramref name="state"/> is a valid terminal POSITION_HOLD report
    /// (else <see langword="null"/>). Sides with no base amount leave nothing; the fills may be none at all.
    /// </summary>
    public static HeldPosition? Of(string executorId, ExecutorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!HoldsPosition(state))
        {
            return null;
        }

        var reading = Read(state, executorId);
        return reading.Violations.Count == 0 ? reading.Held : null;
    }

    private static Reading Read(ExecutorState state, string executorId)
    {
        var violations = new List<RuleViolation>();
        foreach (var (value, field) in new[] { (state.AccountName, "account_name"), (state.ConnectorName, "connector_name"), (state.TradingPair, "trading_pair") })
        {
            if (value is null)
            {
                violations.Add(new(field, $"A POSITION_HOLD report needs {field}: its position is kept per account, connector, trading pair and controller."));
            }
        }

        using var document = state.CustomInfo is null ? null : JsonDocument.Parse(state.CustomInfo.Json);
        var customInfo = document?.RootElement;
        var fills = new List<PositionFill>();
        var orders = customInfo is { } info && info.TryGetProperty("held_position_orders", out var found) && found.ValueKind != JsonValueKind.Null
            ? found
            : (JsonElement?)null;

        if (orders is { ValueKind: not JsonValueKind.Array })
        {
            violations.Add(new(OrdersField, $"{OrdersField} must be an array of orders."));
        }
        else if (orders is { } list && list.GetArrayLength() > 0)
        {
            ReadOrders(list, state.CumFeesQuote, fills, violations);
        }
        else if (customInfo is { } single && single.TryGetProperty("filled_amount_base", out var filled) && filled.ValueKind != JsonValueKind.Null)
        {
            var amount = Amount(filled, FilledBaseField, PositionHold.MaxAmount, violations);
            if (state.Side is not (TradeSide.Buy or TradeSide.Sell))
            {
                violations.Add(new("side", $"A POSITION_HOLD report with {FilledBaseField} needs side BUY or SELL."));
            }
            else if (amount > 0)
            {
                fills.Add(new PositionFill(state.Side.Value, amount.Value, state.FilledAmountQuote, state.CumFeesQuote));
            }
        }
        else
        {
            violations.Add(new(OrdersField, $"A POSITION_HOLD report needs its fills: {OrdersField} (a non-empty array) or {FilledBaseField}."));
        }

        var held = violations.Count == 0
            ? new HeldPosition(new PositionKey(state.AccountName!, state.ConnectorName!, state.TradingPair!, state.ControllerId), executorId, fills)
            : null;
        return new Reading(violations, held);
    }

    /// <summary>
    /// Sums each side's orders; the fees are the orders' own when they carry any, else the executor's cum_fees_quote,
    /// shared between the sides by quote volume (all to the one side with volume when there is no quote volume at all).
    /// </summary>
    private static void ReadOrders(JsonElement orders, decimal executorFees, List<PositionFill> fills, List<RuleViolation> violations)
    {
        decimal buyBase = 0, buyQuote = 0, sellBase = 0, sellQuote = 0, orderFees = 0;
        var index = 0;
        foreach (var order in orders.EnumerateArray())
        {
            var field = $"{OrdersField}[{index++}]";
            if (order.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new(field, $"{field} must be an object."));
                continue;
            }

            var side = order.TryGetProperty("trade_type", out var tradeType) && tradeType.ValueKind == JsonValueKind.String
                ? tradeType.GetString() switch
                {
                    "BUY" => TradeSide.Buy,
                    "SELL" => TradeSide.Sell,
                    _ => (TradeSide?)null,
                }
                : null;
            if (side is null)
            {
                violations.Add(new($"{field}.trade_type", $"{field}.trade_type must be BUY or SELL."));
            }

            var amountBase = Amount(Required(order, "executed_amount_base"), $"{field}.executed_amount_base", PositionHold.MaxAmount, violations);
            var amountQuote = Amount(Required(order, "executed_amount_quote"), $"{field}.executed_amount_quote", Executor.MaxMoneyMagnitude, violations);
            var fee = order.TryGetProperty("cumulative_fee_paid_quote", out var feeValue) && feeValue.ValueKind != JsonValueKind.Null
                ? Amount(feeValue, $"{field}.cumulative_fee_paid_quote", Executor.MaxMoneyMagnitude, violations)
                : 0m;
            if (side is null || amountBase is null || amountQuote is null || fee is null)
            {
                continue;
            }

            orderFees += fee.Value;
            if (side == TradeSide.Buy)
            {
                buyBase += amountBase.Value;
                buyQuote += amountQuote.Value;
            }
            else
            {
                sellBase += amountBase.Value;
                sellQuote += amountQuote.Value;
            }
        }

        if (violations.Count > 0)
        {
            return;
        }

        var fees = orderFees > 0 ? orderFees : executorFees;
        var totalQuote = buyQuote + sellQuote;
        if (buyBase > 0)
        {
            fills.Add(new PositionFill(TradeSide.Buy, buyBase, buyQuote, totalQuote > 0 ? fees * (buyQuote / totalQuote) : fees));
        }

        if (sellBase > 0)
        {
            fills.Add(new PositionFill(TradeSide.Sell, sellBase, sellQuote, totalQuote > 0 ? fees * (sellQuote / totalQuote) : buyBase > 0 ? 0 : fees));
        }
    }

    private static JsonElement? Required(JsonElement order, string name) =>
        order.TryGetProperty(name, out var value) ? value : null;

    /// <summary>A non-negative amount below <paramref name="bound"/>, written as a JSON number or a decimal string.</summary>
    private static decimal? Amount(JsonElement? element, string field, decimal bound, List<RuleViolation> violations)
    {
        decimal? amount = element switch
        {
            { ValueKind: JsonValueKind.Number } number when number.TryGetDecimal(out var value) => value,
            { ValueKind: JsonValueKind.String } text when decimal.TryParse(
                text.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) => value,
            _ => null,
        };

        if (amount is null)
        {
            violations.Add(new(field, element is null
                ? $"{field} is required."
                : $"{field} must be a number or a decimal string."));
            return null;
        }

        if (amount < 0 || amount >= bound)
        {
            violations.Add(new(field, $"{field} must be at least 0 and below {bound:0}."));
            return null;
        }

        return amount;
    }

    private sealed record Reading(IReadOnlyList<RuleViolation> Violations, HeldPosition? Held);
}
