using Executors.Application.Common.Validation;
using FluentValidation;

namespace Executors.Application.Positions.Commands.ClearPositionHeld;

internal sealed class ClearPositionHeldCommandValidator : AbstractValidator<ClearPositionHeldCommand>
{
    public ClearPositionHeldCommandValidator()
    {
        this.ConnectorName(command => command.ConnectorName);
        this.TradingPair(command => command.TradingPair);
        this.AccountName(command => command.AccountName);
        this.ControllerId(command => command.ControllerId);
    }
}
