using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Queries.GetPerformanceReport;

internal sealed class GetPerformanceReportQueryValidator : AbstractValidator<GetPerformanceReportQuery>
{
    public GetPerformanceReportQueryValidator()
    {
        // A controller id as an executor may carry it (1–256 characters); U+0000, which PostgreSQL cannot compare with
        // text, names none.
        RuleFor(query => query.ControllerId)
            .Must(id => id is null || (id.Length is > 0 and <= Executor.MaxControllerIdLength && !id.Contains('\0', StringComparison.Ordinal)))
            .WithMessage($"controller_id must be 1-{Executor.MaxControllerIdLength} characters (without U+0000) when given.")
            .OverridePropertyName("controller_id");
    }
}
