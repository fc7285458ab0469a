using Executors.Application.Common.Persistence;
using NpgsqlTypes;

namespace Executors.Infrastructure.Persistence.Replicas;

/// <summary>
/// One request's read-your-writes state: the write position it presented (<c>X-Executors-Lsn</c>), and the position of
/// its own last commit, which its response carries.
/// </summary>
internal sealed class ReadConsistency : IReadConsistency
{
    /// <summary>The write position the request presented: its reads see at least it.</summary>
    public NpgsqlLogSequenceNumber? Presented { get; set; }

    /// <summary>The primary's WAL position after this request's last commit (none when nothing was written).</summary>
    public NpgsqlLogSequenceNumber? CommittedPosition { get; set; }

    string? IReadConsistency.Committed => CommittedPosition?.ToString();

    public bool TryPresent(string? value)
    {
        if (!TryParse(value, out var position))
        {
            return false;
        }

        Presented = position;
        return true;
    }

    /// <summary>Reads <c>X-Executors-Lsn</c>'s value: PostgreSQL's <c>XXXXXXXX/XXXXXXXX</c> (hexadecimal halves).</summary>
    public static bool TryParse(string? value, out NpgsqlLogSequenceNumber position)
    {
        position = default;
        if (string.IsNullOrEmpty(value) || value.Length > 17)
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash is < 1 or > 8 || slash == value.Length - 1 || value.Length - slash - 1 > 8)
        {
            return false;
        }

        foreach (var character in value.AsSpan(0, slash))
        {
            if (!char.IsAsciiHexDigit(character))
            {
                return false;
            }
        }

        foreach (var character in value.AsSpan(slash + 1))
        {
            if (!char.IsAsciiHexDigit(character))
            {
                return false;
            }
        }

        return NpgsqlLogSequenceNumber.TryParse(value, out position);
    }
}
