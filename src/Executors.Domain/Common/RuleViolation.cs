namespace Executors.Domain.Common;

/// <summary>A broken value rule: the field (as the contract names it) and what is wrong with it.</summary>
/// <param name="Field">The field's wire name, e.g. <c>cum_fees_quote</c>.</param>
/// <param name="Message">What the rule says; safe to show to a client.</param>
public sealed record RuleViolation(string Field, string Message);
