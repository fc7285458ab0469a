using Executors.Application.Common.Validation;
using FluentValidation;

namespace Executors.Application.Positions.Queries.GetPositionHeld;

internal sealed class GetPositionHeldQueryValidator : AbstractValidator<GetPositionHeldQuery>
{
    public GetPositionHeldQueryValidator()
    {
        this.ConnectorName(query => query.ConnectorName);
        this.TradingPair(query => query.TradingPair);
        this.AccountName(query => query.AccountName);
        this.ControllerId(query => query.ControllerId);
    }
}
