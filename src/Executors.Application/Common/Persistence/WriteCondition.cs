namespace Executors.Application.Common.Persistence;

/// <summary>
/// What a conditional write expects of the record it would replace (HTTP's If-Match and If-None-Match, in the
/// application's terms). A write whose condition fails changes nothing and answers 412.
/// </summary>
public sealed record WriteCondition
{
    /// <summary>An unconditional write.</summary>
    public static WriteCondition None { get; } = new();

    /// <summary>Write only if the record exists at one of these versions (If-Match).</summary>
    public VersionSet? Expected { get; init; }

    /// <summary>Refuse the write if the record exists at one of these versions (If-None-Match; <see cref="VersionSet.Any"/>: create only).</summary>
    public VersionSet? Refused { get; init; }
}
