namespace Executors.Application.Common.Persistence;

/// <summary>
/// One request's read-your-writes position (reads from standbys, docs/deployment.md): what it presents in
/// <see cref="HeaderName"/>, and what its own commit answers with.
/// </summary>
public interface IReadConsistency
{
    /// <summary>The header a write's answer carries and a later request may present.</summary>
    const string HeaderName = "X-Executors-Lsn";

    /// <summary>The request's reads see at least this WAL position (<c>16/B374D848</c>); false when it is not one.</summary>
    bool TryPresent(string? value);

    /// <summary>The WAL position after this request's last commit, as the header gives it; none when nothing was written.</summary>
    string? Committed { get; }
}
