using Executors.Infrastructure.Persistence.Replicas;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Executors.Infrastructure.Tests.Persistence.Replicas;

public sealed class UserWritePositionsTests
{
    [Fact]
    public void Remember_ThenRequired_GivesTheUsersNewestWrite_NeverAnOlderOne()
    {
        // Arrange
        var positions = New(capacity: 10);

        // Act
        positions.Remember("alice", Lsn(0x20));
        positions.Remember("alice", Lsn(0x10)); // a slower request committing earlier, answering later

        // Assert
        Assert.Equal(Lsn(0x20), positions.Required("alice"));
        Assert.Null(positions.Required("bob"));
    }

    [Fact]
    public void PastCapacity_ForgottenUsersPositionBecomesEveryonesFloor_AndMemoryStaysBounded()
    {
        // Arrange: ten users, the oldest write first.
        var positions = New(capacity: 10);
        for (var i = 1; i <= 10; i++)
        {
            positions.Remember($"user{i}", Lsn((ulong)i * 0x10));
        }

        // Act: an eleventh user.
        positions.Remember("user11", Lsn(0x200));

        // Assert: user1 (the oldest) is forgotten, but must still read at least its write; so must a stranger.
        Assert.Equal(10, positions.Count);
        Assert.Equal(Lsn(0x10), positions.Required("user1"));
        Assert.Equal(Lsn(0x10), positions.Required("nobody"));
        Assert.Equal(Lsn(0x200), positions.Required("user11"));
        Assert.Equal(Lsn(0x20), positions.Required("user2"));
    }

    [Fact]
    public void ManyUsers_ConcurrentWrites_CountNeverPassesCapacity_AndEachUserSeesAtLeastTheirLastWrite()
    {
        // Arrange
        var positions = New(capacity: 100);

        // Act: 8 threads, 1,000 users each.
        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                positions.Remember($"t{thread}u{i}", Lsn((ulong)((thread * 1_000) + i + 1)));
            }
        });

        // Assert
        Assert.True(positions.Count <= 100);
        for (var thread = 0; thread < 8; thread++)
        {
            var last = Lsn((ulong)((thread * 1_000) + 1_000));
            Assert.True(positions.Required($"t{thread}u999") >= last);
        }
    }

    [Theory]
    [InlineData("0/0")]
    [InlineData("16/B374D848")]
    [InlineData("FFFFFFFF/FFFFFFFF")]
    [InlineData("a/1f")]
    public void TryParse_WalPositions_AreRead(string value)
    {
        Assert.True(ReadConsistency.TryParse(value, out var position));
        Assert.Equal(NpgsqlLogSequenceNumber.Parse(value), position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("16")]
    [InlineData("/1")]
    [InlineData("1/")]
    [InlineData("1/2/3")]
    [InlineData("G/1")]
    [InlineData(" 1/2")]
    [InlineData("+1/2")]
    [InlineData("100000000/0")]
    [InlineData("1/-2")]
    public void TryParse_AnythingElse_IsRefused(string value) =>
        Assert.False(ReadConsistency.TryParse(value, out _));

    private static UserWritePositions New(int capacity) =>
        new(Options.Create(new ReplicaOptions { ReadYourWritesUsers = capacity }));

    private static NpgsqlLogSequenceNumber Lsn(ulong value) => new(value);
}
