using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Queries.GetExecutor;

public sealed class GetExecutorQueryValidator : AbstractValidator<GetExecutorQuery>
{
    public GetExecutorQueryValidator()
    {
        RuleFor(query => query.ExecutorId)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("executor_id is required.")
            .MaximumLength(ExecutorIds.MaxLength)
            .WithMessage($"executor_id must be at most {ExecutorIds.MaxLength} characters.")
            .Must(ExecutorIds.IsWellFormed)
            .WithMessage("executor_id may contain only letters, digits and '.', '_', ':', '-'.")
            .OverridePropertyName("executor_id");
    }
}
