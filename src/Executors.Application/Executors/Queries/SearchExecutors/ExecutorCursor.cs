using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Executors.Domain.Executors;

namespace Executors.Application.Executors.Queries.SearchExecutors;

/// <summary>
/// The opaque keyset cursor: a version, a fingerprint of the filter it was made for, and the position of the last
/// row of the page (its sort instant and executor id), base64url-encoded without padding (RFC 4648 §5, what
/// <see cref="Base64Url"/> writes). A cursor only works with the search that
/// produced it: with other filters it is "foreign" and refused. Editing one by hand can only move within the caller's
/// own results, so it is not signed.
/// </summary>
public static class ExecutorCursor
{
    private const byte Version = 1;
    private const int FingerprintLength = 8;
    private const int HeaderLength = 1 + FingerprintLength + sizeof(long);

    public static string Encode(ExecutorListPosition position, ExecutorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(position);
        var id = Encoding.UTF8.GetBytes(position.ExecutorId);
        var bytes = new byte[HeaderLength + id.Length];
        bytes[0] = Version;
        Fingerprint(filter).CopyTo(bytes.AsSpan(1));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1 + FingerprintLength), position.SortAt.UtcTicks);
        id.CopyTo(bytes.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string cursor, ExecutorFilter filter, out ExecutorListPosition? position)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        position = null;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        // The OperationStatus overload: it answers invalid text with a status, where TryDecodeFromChars would throw.
        if (Base64Url.DecodeFromChars(cursor, bytes, out _, out var length) != OperationStatus.Done
            || length <= HeaderLength
            || bytes[0] != Version
            || !bytes.AsSpan(1, FingerprintLength).SequenceEqual(Fingerprint(filter)))
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1 + FingerprintLength));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        string id;
        try
        {
            id = new UTF8Encoding(false, true).GetString(bytes, HeaderLength, length - HeaderLength);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (!ExecutorIds.IsWellFormed(id))
        {
            return false;
        }

        position = new ExecutorListPosition(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }

    private static byte[] Fingerprint(ExecutorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var canonical = new StringBuilder();
        foreach (var list in new[] { filter.AccountNames, filter.ConnectorNames, filter.TradingPairs, filter.ExecutorTypes, filter.ControllerIds })
        {
            canonical.AppendJoin('\u001f', list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).Append('\u001e');
        }

        canonical.Append(filter.Status is { } status ? WireCodes.ToCode(status) : "-");
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))[..FingerprintLength];
    }
}
