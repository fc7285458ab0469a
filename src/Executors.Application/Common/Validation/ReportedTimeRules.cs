using FluentValidation;

namespace Executors.Application.Common.Validation;

/// <summary>
/// Which instants an engine may report: from 2009-01-03 (the first Bitcoin block; nothing traded on a crypto
/// connector before it) to a day after now (clock skew, not the future).
/// </summary>
internal static class ReportedTimeRules
{
    public static readonly DateTimeOffset EarliestTime = new(2009, 1, 3, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A Unix-seconds instant, when given, within the sane range; reported under <paramref name="name"/>.</summary>
    public static IRuleBuilderOptions<T, decimal?> SaneUnixSeconds<T>(this IRuleBuilder<T, decimal?> rule, string name, TimeProvider clock) =>
        rule.Must(seconds => seconds is null || IsSane(seconds.Value, clock))
            .WithMessage(_ => Message(name, clock))
            .OverridePropertyName(name);

    /// <summary>An ISO 8601 instant, when given, within the sane range; reported under <paramref name="name"/>.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> SaneInstant<T>(this IRuleBuilder<T, DateTimeOffset?> rule, string name, TimeProvider clock) =>
        rule.Must(time => time is null || (time.Value >= EarliestTime && time.Value <= clock.GetUtcNow().AddDays(1)))
            .WithMessage(_ => Message(name, clock))
            .OverridePropertyName(name);

    /// <summary>Whether a Unix-seconds instant lies within the sane range (and so is an instant at all).</summary>
    public static bool IsSane(decimal unixSeconds, TimeProvider clock) =>
        unixSeconds >= EarliestTime.ToUnixTimeSeconds() && unixSeconds <= clock.GetUtcNow().AddDays(1).ToUnixTimeSeconds();

    private static string Message(string name, TimeProvider clock) =>
        $"{name} must lie between {EarliestTime:yyyy-MM-dd} and a day after now ({clock.GetUtcNow().AddDays(1):yyyy-MM-ddTHH:mm:ssZ}).";
}
