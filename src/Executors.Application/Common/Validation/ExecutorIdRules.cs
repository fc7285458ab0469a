using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Common.Validation;

internal static class ExecutorIdRules
{
    /// <summary>An executor id as the path carries it: 1–128 of <c>A-Za-z0-9._:-</c>, not only dots; reported as executor_id.</summary>
    public static IRuleBuilderOptions<T, string> ValidExecutorId<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("executor_id is required.")
            .MaximumLength(ExecutorIds.MaxLength)
            .WithMessage($"executor_id must be at most {ExecutorIds.MaxLength} characters.")
            .Must(id => !ExecutorIds.IsReserved(id))
            .WithMessage($"executor_id may not be one of the route names {string.Join(", ", ExecutorIds.Reserved)} (in any case).")
            .Must(ExecutorIds.IsWellFormed)
            .WithMessage("executor_id may contain only letters, digits and '.', '_', ':', '-' (and not only dots).")
            .OverridePropertyName("executor_id");

    /// <summary>An engine's id as the path carries it: the same alphabet and length as an executor id; reported as engine_id.</summary>
    public static IRuleBuilderOptions<T, string> ValidEngineId<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(id => id is { Length: > 0 and <= ExecutorIds.MaxLength } && ExecutorIds.IsWellFormed(id))
            .WithMessage($"engine_id must be 1-{ExecutorIds.MaxLength} letters, digits and '.', '_', ':', '-' (not only dots).")
            .OverridePropertyName("engine_id");
}
