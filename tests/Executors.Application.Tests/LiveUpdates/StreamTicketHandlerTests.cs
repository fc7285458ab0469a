using System.Buffers.Text;
using System.Security.Cryptography;
using Executors.Application.LiveUpdates;
using Executors.Application.Tests.Fakes;

namespace Executors.Application.Tests.LiveUpdates;

public sealed class StreamTicketHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Issue_32RandomBytesBase64Url_StoredAsTheirHash_ForTheCaller_UntilTheLifetimeEnds()
    {
        // Arrange
        var tickets = new InMemoryStreamTickets();
        var handler = new IssueStreamTicketCommandHandler(tickets, FixedCurrentUser.Everything, new StreamTicketOptions { TicketLifetime = TimeSpan.FromSeconds(30) }, new FixedTime(Now));

        // Act
        var first = await handler.Handle(new IssueStreamTicketCommand(), TestContext.Current.CancellationToken);
        var second = await handler.Handle(new IssueStreamTicketCommand(), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(32, Base64Url.DecodeFromChars(first.Ticket).Length);
        Assert.NotEqual(first.Ticket, second.Ticket);
        Assert.Equal(Now.AddSeconds(30), first.ExpiresAt);
        var hash = SHA256.HashData(Base64Url.DecodeFromChars(first.Ticket));
        Assert.Equal("tester", await tickets.RedeemAsync(hash, Now, TestContext.Current.CancellationToken));
        Assert.Null(await tickets.RedeemAsync(hash, Now, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a ticket")]
    [InlineData("AAAA")] // 3 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")] // 43 characters, one foreign
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // padded
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 36 bytes
    public void TryOf_NotBase64UrlOf32Bytes_False(string? ticket)
    {
        // Act
        var parsed = StreamTicketHash.TryOf(ticket, out _);

        // Assert
        Assert.False(parsed);
    }

    [Fact]
    public void TryOf_ATicket_ItsSha256()
    {
        // Arrange
        var secret = RandomNumberGenerator.GetBytes(32);

        // Act
        var parsed = StreamTicketHash.TryOf(Base64Url.EncodeToString(secret), out var hash);

        // Assert
        Assert.True(parsed);
        Assert.Equal(SHA256.HashData(secret), hash);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("18446744073709551615", true)]
    [InlineData("18446744073709551616", false)]
    [InlineData("-1", false)]
    [InlineData(" 12", false)]
    [InlineData("1e3", false)]
    [InlineData("", false)]
    public void StreamMark_OnlyWholeNumbersOfAnXid8(string text, bool valid)
    {
        // Act
        var parsed = StreamMark.TryParse(text, out _);

        // Assert
        Assert.Equal(valid, parsed);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
