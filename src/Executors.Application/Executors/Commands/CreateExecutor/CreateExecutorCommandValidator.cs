using System.Text.Json;
using Executors.Application.Common.Validation;
using Executors.Domain.Executors;
using Executors.Domain.Executors.Configs;
using FluentValidation;

namespace Executors.Application.Executors.Commands.CreateExecutor;

/// <summary>
/// A create as the original takes it: <c>executor_config</c> a JSON object whose <c>type</c> is one of the eight executor
/// types and whose fields fit that type's model (<see cref="ExecutorConfigSchemas"/>, the same catalogue the schema route
/// serves and reports are checked against), every violation named <c>executor_config.&lt;path&gt;</c>; the names as an
/// executor's; an Idempotency-Key of visible ASCII.
/// </summary>
internal sealed class CreateExecutorCommandValidator : AbstractValidator<CreateExecutorCommand>
{
    private const string Config = "executor_config";

    public CreateExecutorCommandValidator()
    {
        RuleFor(command => command.Body).NotNull().WithMessage("A body with executor_config is required.").OverridePropertyName("body");
        When(command => command.Body is not null, () =>
        {
            this.AccountName(command => command.Body.AccountName);
            this.ControllerId(command => command.Body.ControllerId);
            RuleFor(command => command.Body.ExecutorConfig)
                .NotNull()
                .WithMessage($"{Config} is required.")
                .StorableJsonObject(Config);
            When(command => command.Body.ExecutorConfig is { ValueKind: JsonValueKind.Object }, () =>
                RuleFor(command => command.Body.ExecutorConfig!.Value).Custom((config, context) =>
                {
                    if (!config.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !ExecutorTypes.IsKnown(type.GetString()))
                    {
                        context.AddFailure($"{Config}.type", $"{Config}.type is required and must be one of: {string.Join(", ", ExecutorTypes.All)}.");
                        return;
                    }

                    foreach (var violation in ExecutorConfigSchemas.Validate(type.GetString(), config, Config))
                    {
                        context.AddFailure(violation.Field, violation.Message);
                    }

                    // The market the record is listed under comes from the config: within the record's column sizes.
                    foreach (var (field, maxLength) in new[] { ("connector_name", Executor.MaxConnectorNameLength), ("trading_pair", Executor.MaxTradingPairLength) })
                    {
                        if (config.TryGetProperty(field, out var name) && name.ValueKind == JsonValueKind.String && name.GetString()!.Length is var length && (length == 0 || length > maxLength))
                        {
                            context.AddFailure($"{Config}.{field}", $"{Config}.{field} must be 1-{maxLength} characters.");
                        }
                    }
                }));
        });

        RuleFor(command => command.IdempotencyKey)
            .Must(key => key is null || (key.Length is > 0 and <= CreateExecutorCommand.MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~')))
            .WithMessage($"Idempotency-Key must be 1-{CreateExecutorCommand.MaxIdempotencyKeyLength} visible ASCII characters.")
            .OverridePropertyName("Idempotency-Key");
    }
}
