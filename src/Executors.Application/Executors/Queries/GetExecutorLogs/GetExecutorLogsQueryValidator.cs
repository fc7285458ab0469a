using Executors.Application.Common.Validation;
using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

internal sealed class GetExecutorLogsQueryValidator : AbstractValidator<GetExecutorLogsQuery>
{
    public GetExecutorLogsQueryValidator()
    {
        RuleFor(query => query.ExecutorId).ValidExecutorId();
        RuleFor(query => query.Level)
            .Must(level => level is null || WireCodes.TryParseAnyCase<ExecutorLogLevel>(level, out _))
            .WithMessage($"level must be one of: {string.Join(", ", WireCodes.AllCodes<ExecutorLogLevel>())} (in any case).")
            .OverridePropertyName("level");
        RuleFor(query => query.Limit)
            .InclusiveBetween(1, GetExecutorLogsQuery.MaxLimit)
            .When(query => query.Limit is not null)
            .WithMessage($"limit must be between 1 and {GetExecutorLogsQuery.MaxLimit}.")
            .OverridePropertyName("limit");
    }
}
