using Executors.Application.Common.Validation;
using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Executors.Commands.AppendExecutorLogs;

internal sealed class AppendExecutorLogsCommandValidator : AbstractValidator<AppendExecutorLogsCommand>
{
    public AppendExecutorLogsCommandValidator(TimeProvider clock)
    {
        RuleFor(command => command.ExecutorId).ValidExecutorId();
        RuleFor(command => command.Body.Entries)
            .NotEmpty()
            .WithMessage("entries must hold at least one entry.")
            .Must(entries => entries is null || entries.Count <= AppendExecutorLogsRequest.MaxEntries)
            .WithMessage($"entries may hold at most {AppendExecutorLogsRequest.MaxEntries} entries per request.")
            .OverridePropertyName("entries");
        RuleForEach(command => command.Body.Entries)
            .ChildRules(entry =>
            {
                entry.RuleFor(e => e.Timestamp).NotNull().WithMessage("timestamp is required.").OverridePropertyName("timestamp");
                entry.RuleFor(e => e.Timestamp).SaneInstant("timestamp", clock);
                entry.RuleFor(e => e.Level)
                    .Must(level => WireCodes.TryParseAnyCase<ExecutorLogLevel>(level, out _))
                    .WithMessage($"level must be one of: {string.Join(", ", WireCodes.AllCodes<ExecutorLogLevel>())} (in any case).")
                    .OverridePropertyName("level");
                entry.RuleFor(e => e.Message)
                    .Must(message => !string.IsNullOrWhiteSpace(message) && message.Length <= Executor.MaxErrorMessageLength)
                    .WithMessage($"message must be 1-{Executor.MaxErrorMessageLength} characters.")
                    .OverridePropertyName("message");
                entry.RuleFor(e => e.ExceptionInfo)
                    .MaximumLength(Executor.MaxExceptionInfoLength)
                    .WithMessage($"exc_info may be at most {Executor.MaxExceptionInfoLength} characters.")
                    .OverridePropertyName("exc_info");
            })
            .OverridePropertyName("entries");
    }
}
