using System.Buffers.Text;
using Executors.Application.Executors.Queries;
using Executors.Application.Executors.Queries.SearchExecutors;
using Executors.Domain.Executors;

namespace Executors.Application.Tests.Executors.Queries.SearchExecutors;

public sealed class ExecutorCursorTests
{
    private static readonly ExecutorFilter Filter = new() { AccountNames = ["b", "a"], Status = ExecutorStatus.Running };

    private static readonly string[] OneValue = ["x"];

    [Theory]
    [InlineData("2024-01-15T10:30:00.1234567Z", "Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB")]
    [InlineData("0001-01-01T00:00:00Z", "a")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "x.y_z:1-2")]
    public void Encode_ThenDecodeWithSameFilter_RoundTrips(string sortAt, string id)
    {
        // Arrange
        var position = new ExecutorListPosition(DateTimeOffset.Parse(sortAt, System.Globalization.CultureInfo.InvariantCulture), id);

        // Act
        var cursor = ExecutorCursor.Encode(position, Filter);
        var decoded = ExecutorCursor.TryDecode(cursor, Filter, out var back);

        // Assert: URL-safe, and the same position comes back.
        Assert.True(decoded);
        Assert.Equal(position, back);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.DoesNotContain('=', cursor);
    }

    [Fact]
    public void Encode_IsTheEncodingOfEarlierReleases()
    {
        // Arrange: a cursor as the hand-written base64url of earlier releases wrote it (unpadded, '-' and '_'), for
        // executor "exec-1" at the Unix epoch under Filter. Cursors handed out before an upgrade must keep working.
        const string Earlier = "AdW9Zp3bmKUsCJ9_9fe1gABleGVjLTE";
        var position = new ExecutorListPosition(DateTimeOffset.UnixEpoch, "exec-1");

        // Act
        var cursor = ExecutorCursor.Encode(position, Filter);
        var decoded = ExecutorCursor.TryDecode(Earlier, Filter, out var back);

        // Assert: the same bytes, the same text, and it decodes.
        Assert.Equal(Earlier, cursor);
        Assert.True(decoded);
        Assert.Equal(position, back);
    }

    [Fact]
    public void TryDecode_PaddedCursor_Accepts()
    {
        // Arrange: padding was accepted before (and a client may add it back); it changes nothing.
        var cursor = ExecutorCursor.Encode(new ExecutorListPosition(DateTimeOffset.UnixEpoch, "exec-1"), Filter);

        // Act / Assert
        Assert.True(ExecutorCursor.TryDecode(cursor + "=", Filter, out var position));
        Assert.Equal("exec-1", position!.ExecutorId);
    }

    [Fact]
    public void TryDecode_SameFiltersInAnotherOrder_Accepts()
    {
        // Arrange: the fingerprint does not depend on list order or duplicates.
        var cursor = ExecutorCursor.Encode(new ExecutorListPosition(DateTimeOffset.UnixEpoch, "id1"), Filter);
        var reordered = Filter with { AccountNames = ["a", "b", "a"] };

        // Act / Assert
        Assert.True(ExecutorCursor.TryDecode(cursor, reordered, out _));
    }

    [Fact]
    public void TryDecode_OtherFilters_Refuses()
    {
        // Arrange
        var cursor = ExecutorCursor.Encode(new ExecutorListPosition(DateTimeOffset.UnixEpoch, "id1"), Filter);

        // Act / Assert
        Assert.False(ExecutorCursor.TryDecode(cursor, Filter with { Status = null }, out _));
        Assert.False(ExecutorCursor.TryDecode(cursor, Filter with { TradingPairs = ["BTC-USDT"] }, out _));
        Assert.False(ExecutorCursor.TryDecode(cursor, new ExecutorFilter(), out _));
    }

    [Theory]
    [MemberData(nameof(FilterProperties))]
    public void TryDecode_AnyOneFilterAdded_Refuses(string property)
    {
        // Arrange: every filter of ExecutorFilter, today's and any added later, must be part of the fingerprint, or a
        // cursor would carry over to a search with that filter added.
        var cursor = ExecutorCursor.Encode(new ExecutorListPosition(DateTimeOffset.UnixEpoch, "id1"), new ExecutorFilter());
        var member = typeof(ExecutorFilter).GetProperty(property)!;
        var filter = new ExecutorFilter();
        member.SetValue(filter, member.PropertyType == typeof(IReadOnlyList<string>) ? OneValue : Enum.GetValues<ExecutorStatus>()[0]);

        // Act / Assert
        Assert.False(ExecutorCursor.TryDecode(cursor, filter, out _));
    }

    public static TheoryData<string> FilterProperties() => [.. typeof(ExecutorFilter).GetProperties().Select(property => property.Name)];

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("!!!")]
    [InlineData("AQ")]
    [InlineData("AgAAAAAAAAAAAAAAAAAAAABhYmM")] // version 2
    public void TryDecode_Malformed_Refuses(string cursor)
    {
        // Act / Assert
        Assert.False(ExecutorCursor.TryDecode(cursor, Filter, out var position));
        Assert.Null(position);
    }

    [Fact]
    public void TryDecode_TamperedId_RefusesAnIdTheApiWouldNot()
    {
        // Arrange: a valid cursor whose id bytes are replaced by a character no executor id may hold.
        var cursor = ExecutorCursor.Encode(new ExecutorListPosition(DateTimeOffset.UnixEpoch, "aaaa"), Filter);
        var bytes = Base64Url.DecodeFromChars(cursor);
        bytes[^1] = (byte)' ';
        var tampered = Base64Url.EncodeToString(bytes);

        // Act / Assert
        Assert.False(ExecutorCursor.TryDecode(tampered, Filter, out _));
    }
}
