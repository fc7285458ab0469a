using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Queries.GetExecutorLogs;

public sealed class GetExecutorLogsQueryValidator : AbstractValidator<GetExecutorLogsQuery>
{
    public GetExecutorLogsQueryValidator()
    {
        RuleFor(query => query.ExecutorId)
            .Must(ExecutorIds.IsWellFormed)
            .WithMessage($"executor_id must be 1-{ExecutorIds.MaxLength} letters, digits or '._:-' (not only dots).")
            .OverridePropertyName("executor_id");
        RuleFor(query => query.Level)
            .Must(level => level is null || Vocabulary.TryParse<ExecutorLogLevel>(level, out _))
            .WithMessage($"level must be one of: {string.Join(", ", Vocabulary.AllCodes<ExecutorLogLevel>())}.")
            .OverridePropertyName("level");
        RuleFor(query => query.Limit)
            .InclusiveBetween(1, GetExecutorLogsQuery.MaxLimit)
            .When(query => query.Limit is not null)
            .WithMessage($"limit must be between 1 and {GetExecutorLogsQuery.MaxLimit}.")
            .OverridePropertyName("limit");
    }
}
