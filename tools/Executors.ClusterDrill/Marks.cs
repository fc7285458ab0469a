using System.Globalization;

namespace Executors.ClusterDrill;

/// <summary>One step of the drill as the script recorded it: when (Unix ms) and what (e.g. <c>primary-stop</c>).</summary>
internal sealed record Mark(long AtMs, string Name, string Description);

internal static class Marks
{
    /// <summary>The marks file: one <c>UNIX_MS NAME DESCRIPTION…</c> line per step, in order.</summary>
    public static IReadOnlyList<Mark> Read(string path) =>
        [.. File.ReadAllLines(path)
            .Select(line => line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2)
            .Select(parts => new Mark(long.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture), parts[1], parts.Length > 2 ? parts[2] : parts[1]))
            .OrderBy(mark => mark.AtMs)];
}
