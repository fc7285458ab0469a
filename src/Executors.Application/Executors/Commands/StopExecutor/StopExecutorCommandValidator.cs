using Executors.Application.Common.Validation;
using FluentValidation;

namespace Executors.Application.Executors.Commands.StopExecutor;

internal sealed class StopExecutorCommandValidator : AbstractValidator<StopExecutorCommand>
{
    public StopExecutorCommandValidator()
    {
        RuleFor(command => command.ExecutorId).ValidExecutorId();
        RuleFor(command => command.Body).NotNull().WithMessage("A JSON object body is required ({} stops closing the position).").OverridePropertyName("body");
    }
}
