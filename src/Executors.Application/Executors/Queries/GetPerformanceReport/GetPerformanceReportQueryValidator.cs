using Executors.Application.Common.Validation;
using FluentValidation;

namespace Executors.Application.Executors.Queries.GetPerformanceReport;

internal sealed class GetPerformanceReportQueryValidator : AbstractValidator<GetPerformanceReportQuery>
{
    // A controller id as an executor may carry it; U+0000, which PostgreSQL cannot compare with text, names none.
    public GetPerformanceReportQueryValidator() => this.ControllerId(query => query.ControllerId);
}
