using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Executors.Application.Common.Security;
using MediatR;

namespace Executors.Application.LiveUpdates;

/// <summary>
/// A single-use, short-lived ticket for the caller, for clients that cannot send an Authorization header (a browser's
/// EventSource or WebSocket): it is passed as <c>?ticket=</c> and authenticates one stream as the caller.
/// </summary>
public sealed record IssueStreamTicketCommand : IRequest<StreamTicketResponse>;

/// <summary>A stream ticket.</summary>
public sealed class StreamTicketResponse
{
    /// <summary>The ticket: pass it once as ?ticket= to a stream route</summary>
    [JsonPropertyName("ticket")]
    public required string Ticket { get; init; }

    /// <summary>When it can no longer be used (ISO 8601, UTC)</summary>
    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class IssueStreamTicketCommandHandler : IRequestHandler<IssueStreamTicketCommand, StreamTicketResponse>
{
    /// <summary>256 bits: guessing one is out of the question, so a failed redemption needs no throttle.</summary>
    public const int TicketBytes = 32;

    private readonly IStreamTickets _tickets;
    private readonly ICurrentUser _user;
    private readonly StreamTicketOptions _options;
    private readonly TimeProvider _clock;

    public IssueStreamTicketCommandHandler(IStreamTickets tickets, ICurrentUser user, StreamTicketOptions options, TimeProvider clock)
    {
        _tickets = tickets;
        _user = user;
        _options = options;
        _clock = clock;
    }

    public async Task<StreamTicketResponse> Handle(IssueStreamTicketCommand request, CancellationToken cancellationToken)
    {
        var secret = RandomNumberGenerator.GetBytes(TicketBytes);
        var now = _clock.GetUtcNow();
        var expiresAt = now + _options.TicketLifetime;
        await _tickets.IssueAsync(StreamTicketHash.Of(secret), _user.Name, expiresAt, now, cancellationToken);
        return new StreamTicketResponse { Ticket = Base64Url.EncodeToString(secret), ExpiresAt = expiresAt };
    }
}

/// <summary>What is stored of a ticket: the SHA-256 of its 32 bytes.</summary>
public static class StreamTicketHash
{
    public static byte[] Of(ReadOnlySpan<byte> secret) => SHA256.HashData(secret);

    /// <summary>The hash of a ticket as a client sent it; false when it cannot be one (not 43 base64url characters of 32 bytes).</summary>
    public static bool TryOf(string? ticket, out byte[] hash)
    {
        hash = [];

        // Checked character by character first: the decoder throws, rather than answers false, on a foreign character.
        if (ticket is not { Length: TicketLength } || !ticket.All(IsBase64UrlCharacter))
        {
            return false;
        }

        Span<byte> secret = stackalloc byte[IssueStreamTicketCommandHandler.TicketBytes + 2];
        if (!Base64Url.TryDecodeFromChars(ticket, secret, out var written) || written != IssueStreamTicketCommandHandler.TicketBytes)
        {
            return false;
        }

        hash = Of(secret[..written]);
        return true;
    }

    /// <summary>32 bytes in base64url, unpadded.</summary>
    private const int TicketLength = 43;

    private static bool IsBase64UrlCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
