using System.Text.Json;
using Executors.Application.Common.Validation;
using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>Every field of a reported state, each failure named by its wire name; nothing reaches the database.</summary>
public sealed class PutExecutorCommandValidator : AbstractValidator<PutExecutorCommand>
{
    public const int MaxJsonBytes = 64 * 1024;
    public const int MaxJsonDepth = 32;

    public PutExecutorCommandValidator(TimeProvider clock)
    {
        RuleFor(command => command.ExecutorId).ValidExecutorId();

        RuleFor(command => command.State).NotNull().WithMessage("A body with the executor's state is required.").OverridePropertyName("body");
        When(command => command.State is not null, () =>
        {
            RuleFor(command => command.State.ExecutorId)
                .Must((command, bodyId) => bodyId is null || string.Equals(bodyId, command.ExecutorId, StringComparison.Ordinal))
                .WithMessage("executor_id in the body differs from the one in the path; a state is reported at its own executor's URL.")
                .OverridePropertyName("executor_id");
            RuleFor(command => command.State.Status)
                .Must(status => Vocabulary.TryParse<ExecutorStatus>(status, out _))
                .WithMessage($"status is required and must be one of: {string.Join(", ", Vocabulary.AllCodes<ExecutorStatus>())}.")
                .OverridePropertyName("status");
            RuleFor(command => command.State.Side)
                .Must(side => side is null || Vocabulary.TryParse<TradeSide>(side, out _))
                .WithMessage($"side must be one of: {string.Join(", ", Vocabulary.AllCodes<TradeSide>())}.")
                .OverridePropertyName("side");
            RuleFor(command => command.State.CloseType)
                .Must(closeType => closeType is null || Vocabulary.TryParse<CloseType>(closeType, out _))
                .WithMessage($"close_type must be one of: {string.Join(", ", Vocabulary.AllCodes<CloseType>())}.")
                .OverridePropertyName("close_type");
            RuleFor(command => command.State.ExecutorType)
                .Must(type => type is null || ExecutorTypes.IsKnown(type))
                .WithMessage($"executor_type must be one of: {string.Join(", ", ExecutorTypes.All)}.")
                .OverridePropertyName("executor_type");

            When(command => command.State.Status == Vocabulary.ToCode(ExecutorStatus.Terminated), () =>
            {
                RuleFor(command => command.State.CloseType).NotNull().WithMessage("A TERMINATED executor needs close_type.").OverridePropertyName("close_type");
                RuleFor(command => command.State.CloseTimestamp).NotNull().WithMessage("A TERMINATED executor needs close_timestamp.").OverridePropertyName("close_timestamp");
                RuleFor(command => command.State.IsTrading).Equal(false).WithMessage("A TERMINATED executor cannot be trading.").OverridePropertyName("is_trading");
            }).Otherwise(() =>
            {
                RuleFor(command => command.State.CloseType).Null().WithMessage("close_type is only for a TERMINATED executor.").OverridePropertyName("close_type");
                RuleFor(command => command.State.CloseTimestamp).Null().WithMessage("close_timestamp is only for a TERMINATED executor.").OverridePropertyName("close_timestamp");
            });

            Length(command => command.State.AccountName, "account_name", Executor.MaxAccountNameLength);
            Length(command => command.State.ConnectorName, "connector_name", Executor.MaxConnectorNameLength);
            Length(command => command.State.TradingPair, "trading_pair", Executor.MaxTradingPairLength);
            Length(command => command.State.ControllerId, "controller_id", Executor.MaxControllerIdLength);

            RuleFor(command => command.State.CumFeesQuote).GreaterThanOrEqualTo(0).WithMessage("cum_fees_quote cannot be negative.").OverridePropertyName("cum_fees_quote");
            RuleFor(command => command.State.FilledAmountQuote).GreaterThanOrEqualTo(0).WithMessage("filled_amount_quote cannot be negative.").OverridePropertyName("filled_amount_quote");
            QuoteAmount(command => command.State.NetPnlQuote, "net_pnl_quote");
            QuoteAmount(command => command.State.CumFeesQuote, "cum_fees_quote");
            QuoteAmount(command => command.State.FilledAmountQuote, "filled_amount_quote");
            RuleFor(command => command.State.NetPnlPct)
                .InclusiveBetween(-Executor.MaxPercentMagnitude, Executor.MaxPercentMagnitude)
                .WithMessage($"net_pnl_pct must lie between {-Executor.MaxPercentMagnitude:0} and {Executor.MaxPercentMagnitude:0}.")
                .OverridePropertyName("net_pnl_pct");

            RuleFor(command => command.State.Timestamp).SaneUnixSeconds("timestamp", clock);
            RuleFor(command => command.State.CloseTimestamp).SaneUnixSeconds("close_timestamp", clock);
            RuleFor(command => command.State.CloseTimestamp)
                .Must((command, close) => close is null || command.State.Timestamp is null || close >= command.State.Timestamp)
                .WithMessage("close_timestamp cannot be earlier than timestamp.")
                .OverridePropertyName("close_timestamp");
            RuleFor(command => command.State.CreatedAt).SaneInstant("created_at", clock);

            JsonObject(command => command.State.Config, "config");
            JsonObject(command => command.State.CustomInfo, "custom_info");
        });
    }

    private void QuoteAmount(Func<PutExecutorCommand, decimal> field, string name) =>
        RuleFor(command => field(command))
            .Must(amount => Math.Abs(amount) < Executor.MaxMoneyMagnitude)
            .WithMessage($"{name} must be smaller than {Executor.MaxMoneyMagnitude:0} in magnitude.")
            .OverridePropertyName(name);

    private void Length(Func<PutExecutorCommand, string?> field, string name, int max) =>
        RuleFor(command => field(command))
            .Must(value => value is null || (value.Length > 0 && value.Length <= max))
            .WithMessage($"{name} must be 1-{max} characters when given.")
            .OverridePropertyName(name);

    private void JsonObject(Func<PutExecutorCommand, JsonElement?> field, string name) =>
        RuleFor(command => field(command))
            .Must(json => json is null || json.Value.ValueKind == JsonValueKind.Object)
            .WithMessage($"{name} must be a JSON object (or null).")
            .Must(json => json is null || System.Text.Encoding.UTF8.GetByteCount(json.Value.GetRawText()) <= MaxJsonBytes)
            .WithMessage($"{name} may be at most {MaxJsonBytes / 1024} KB.")
            .Must(json => json is null || Depth(json.Value) <= MaxJsonDepth)
            .WithMessage($"{name} may nest at most {MaxJsonDepth} levels deep.")
            .Must(json => json is null || !ContainsNul(json.Value))
            .WithMessage($"{name} may not contain the character U+0000 (the database cannot store it).")
            .OverridePropertyName(name);

    private static bool ContainsNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(property => property.Name.Contains('\0', StringComparison.Ordinal) || ContainsNul(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(ContainsNul),
        JsonValueKind.String => element.GetString()!.Contains('\0', StringComparison.Ordinal),
        _ => false,
    };

    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(property => Depth(property.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
