using Executors.Application.Common.Validation;
using FluentValidation;

namespace Executors.Application.Executors.Queries.GetExecutor;

internal sealed class GetExecutorQueryValidator : AbstractValidator<GetExecutorQuery>
{
    public GetExecutorQueryValidator()
    {
        RuleFor(query => query.ExecutorId).ValidExecutorId();
    }
}
