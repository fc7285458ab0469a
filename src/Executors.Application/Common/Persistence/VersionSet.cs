namespace Executors.Application.Common.Persistence;

/// <summary>Versions of a record a conditional write names: some of them, or any (<see cref="Any"/>).</summary>
public sealed class VersionSet
{
    private readonly HashSet<long> _versions;

    private VersionSet(bool isAny, IEnumerable<long> versions)
    {
        IsAny = isAny;
        _versions = [.. versions];
    }

    /// <summary>Every version: the record exists, whatever its version.</summary>
    public static VersionSet Any { get; } = new(isAny: true, []);

    public bool IsAny { get; }

    public static VersionSet Of(IEnumerable<long> versions) => new(isAny: false, versions);

    /// <summary>Whether a record at <paramref name="version"/> is named.</summary>
    public bool Contains(long version) => IsAny || _versions.Contains(version);
}
