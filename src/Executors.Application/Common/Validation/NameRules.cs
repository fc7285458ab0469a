using Executors.Domain.Executors;
using FluentValidation;

namespace Executors.Application.Common.Validation;

/// <summary>
/// Names given to look executors or positions up (path and query), validated as the executor's own fields are (1 to the
/// field's length, and no U+0000, which the database cannot hold), each reported by its wire name.
/// </summary>
internal static class NameRules
{
    public static void ConnectorName<T>(this AbstractValidator<T> validator, Func<T, string?> name) =>
        Rule(validator, name, "connector_name", Executor.MaxConnectorNameLength, required: true);

    public static void TradingPair<T>(this AbstractValidator<T> validator, Func<T, string?> name) =>
        Rule(validator, name, "trading_pair", Executor.MaxTradingPairLength, required: true);

    public static void AccountName<T>(this AbstractValidator<T> validator, Func<T, string?> name) =>
        Rule(validator, name, "account_name", Executor.MaxAccountNameLength, required: false);

    public static void ControllerId<T>(this AbstractValidator<T> validator, Func<T, string?> name) =>
        Rule(validator, name, "controller_id", Executor.MaxControllerIdLength, required: false);

    private static void Rule<T>(AbstractValidator<T> validator, Func<T, string?> name, string field, int maxLength, bool required) =>
        validator.RuleFor(request => name(request))
            .Must(value => value is null ? !required : value.Length is > 0 and var length && length <= maxLength && !value.Contains('\0', StringComparison.Ordinal))
            .WithMessage($"{field} must be 1-{maxLength} characters{(required ? string.Empty : " when given")}, without U+0000.")
            .OverridePropertyName(field);
}
