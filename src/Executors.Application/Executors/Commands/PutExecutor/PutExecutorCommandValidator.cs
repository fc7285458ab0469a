using AutoMapper;
using Executors.Application.Common.Validation;
using Executors.Domain.Executors;
using Executors.Domain.Executors.Configs;
using FluentValidation;

namespace Executors.Application.Executors.Commands.PutExecutor;

/// <summary>
/// A reported state's shape — codes that parse, JSON objects within the storage limits, instants within reason, the
/// body's id the path's — then, once it has one, the domain's own rules for a state
/// (<see cref="ExecutorState.Violations"/>) and, for an executor of one of the eight types, its config's model
/// (<see cref="ExecutorConfigSchemas"/>): every broken rule at once, each named by its wire name
/// (<c>config.triple_barrier_config.stop_loss</c> inside the config).
/// </summary>
internal sealed class PutExecutorCommandValidator : AbstractValidator<PutExecutorCommand>
{
    public PutExecutorCommandValidator(TimeProvider clock, IMapper mapper)
    {
        RuleFor(command => command.ExecutorId).ValidExecutorId();

        RuleFor(command => command.State).NotNull().WithMessage("A body with the executor's state is required.").OverridePropertyName("body");
        When(command => command.State is not null, () =>
        {
            RuleFor(command => command.State.ExecutorId)
                .Must((command, bodyId) => bodyId is null || string.Equals(bodyId, command.ExecutorId, StringComparison.Ordinal))
                .WithMessage("executor_id in the body differs from the one in the path; a state is reported at its own executor's URL.")
                .OverridePropertyName("executor_id");
            RuleFor(command => command.State.Status)
                .Must(IsCode<ExecutorStatus>)
                .WithMessage($"status is required and must be one of: {string.Join(", ", WireCodes.AllCodes<ExecutorStatus>())}.")
                .OverridePropertyName("status");
            RuleFor(command => command.State.Side)
                .Must(IsCodeOrNull<TradeSide>)
                .WithMessage($"side must be one of: {string.Join(", ", WireCodes.AllCodes<TradeSide>())}.")
                .OverridePropertyName("side");
            RuleFor(command => command.State.CloseType)
                .Must(IsCodeOrNull<CloseType>)
                .WithMessage($"close_type must be one of: {string.Join(", ", WireCodes.AllCodes<CloseType>())}.")
                .OverridePropertyName("close_type");

            RuleFor(command => command.State.Timestamp).SaneUnixSeconds("timestamp", clock);
            RuleFor(command => command.State.CloseTimestamp).SaneUnixSeconds("close_timestamp", clock);
            RuleFor(command => command.State.CreatedAt).SaneInstant("created_at", clock);

            RuleFor(command => command.State.Config).StorableJsonObject("config");
            RuleFor(command => command.State.CustomInfo).StorableJsonObject("custom_info");

            When(command => HasDomainShape(command.State, clock), () =>
                RuleFor(command => command.State).Custom((state, context) =>
                {
                    foreach (var violation in mapper.Map<ExecutorState>(state).Violations())
                    {
                        context.AddFailure(violation.Field, violation.Message);
                    }

                    // The config of one of the eight types is checked against its model (none otherwise).
                    if (state.Config is { } config)
                    {
                        foreach (var violation in ExecutorConfigSchemas.Validate(state.ExecutorType, config))
                        {
                            context.AddFailure(violation.Field, violation.Message);
                        }
                    }
                }));
        });
    }

    /// <summary>
    /// Whether the request can be read as a domain state at all: the shape rules above hold for its codes, JSON fields
    /// and Unix-seconds fields (a number of seconds beyond any date cannot become an instant). The same predicates.
    /// </summary>
    private static bool HasDomainShape(ExecutorStateRequest state, TimeProvider clock) =>
        IsCode<ExecutorStatus>(state.Status)
        && IsCodeOrNull<TradeSide>(state.Side)
        && IsCodeOrNull<CloseType>(state.CloseType)
        && (state.Timestamp is not { } timestamp || ReportedTimeRules.IsSane(timestamp, clock))
        && (state.CloseTimestamp is not { } closed || ReportedTimeRules.IsSane(closed, clock))
        && JsonObjectRules.IsObjectOrNull(state.Config)
        && JsonObjectRules.IsObjectOrNull(state.CustomInfo);

    private static bool IsCode<TEnum>(string? code)
        where TEnum : struct, Enum => WireCodes.TryParse<TEnum>(code, out _);

    private static bool IsCodeOrNull<TEnum>(string? code)
        where TEnum : struct, Enum => code is null || IsCode<TEnum>(code);
}
