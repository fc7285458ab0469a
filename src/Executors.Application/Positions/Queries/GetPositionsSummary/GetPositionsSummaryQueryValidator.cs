using Executors.Application.Common.Validation;
using FluentValidation;

namespace Executors.Application.Positions.Queries.GetPositionsSummary;

internal sealed class GetPositionsSummaryQueryValidator : AbstractValidator<GetPositionsSummaryQuery>
{
    public GetPositionsSummaryQueryValidator() => this.ControllerId(query => query.ControllerId);
}
