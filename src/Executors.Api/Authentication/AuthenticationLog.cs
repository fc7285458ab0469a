using System.Globalization;
using System.Net;
using System.Text;

namespace Executors.Api.Authentication;

/// <summary>
/// The sign-in events an operator needs to see who is attacked and from where: one event per failed check, throttled
/// refusal and hashing-gate refusal, each with the client address and the attempted user name (sanitised, at most
/// <see cref="MaxUserNameLength"/> characters) as structured properties, and a stable event id. Never a password.
/// </summary>
internal static partial class AuthenticationLog
{
    public const int MaxUserNameLength = 64;

    public const int SignInFailedId = 4101;
    public const int SignInThrottledId = 4102;
    public const int SignInGateFullId = 4103;
    public const int UsersReloadedId = 4104;
    public const int UsersReloadRefusedId = 4105;
    public const int LegacyPasswordHashesId = 4106;

    /// <summary>Why a check failed: <c>WrongPassword</c>, <c>UnknownUser</c> or <c>Malformed</c> (no user name then).</summary>
    [LoggerMessage(EventId = SignInFailedId, EventName = "SignInFailed", Level = LogLevel.Warning,
        Message = "Failed sign-in for user {UserName} from {ClientAddress}: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string? userName, string clientAddress, string reason);

    [LoggerMessage(EventId = SignInThrottledId, EventName = "SignInThrottled", Level = LogLevel.Warning,
        Message = "Sign-in for user {UserName} from {ClientAddress} refused unchecked: too many failures per {Limit}; retry after {RetryAfterSeconds} s")]
    public static partial void SignInThrottled(ILogger logger, string? userName, string clientAddress, ThrottleLimit limit, int retryAfterSeconds);

    [LoggerMessage(EventId = SignInGateFullId, EventName = "SignInGateFull", Level = LogLevel.Warning,
        Message = "Sign-in for user {UserName} from {ClientAddress} refused unchecked: {Concurrency} password checks running and the queue is full")]
    public static partial void SignInGateFull(ILogger logger, string? userName, string clientAddress, int concurrency);

    [LoggerMessage(EventId = UsersReloadedId, EventName = "UsersReloaded", Level = LogLevel.Information,
        Message = "Authentication users reloaded: {UserCount} users; {Added} added, {Changed} with a new password hash, {Removed} removed")]
    public static partial void UsersReloaded(ILogger logger, int userCount, int added, int changed, int removed);

    [LoggerMessage(EventId = UsersReloadRefusedId, EventName = "UsersReloadRefused", Level = LogLevel.Error,
        Message = "Authentication users NOT reloaded: the new configuration is invalid ({Failures}); the previous {UserCount} users stay in force")]
    public static partial void UsersReloadRefused(ILogger logger, string failures, int userCount);

    [LoggerMessage(EventId = LegacyPasswordHashesId, EventName = "LegacyPasswordHashes", Level = LogLevel.Warning,
        Message = "Legacy PBKDF2-SHA256$ password hashes for {UserCount} user(s): {UserNames}. They keep working; replace each with the output of 'hash-password' (ASP.NET Core Identity's format)")]
    public static partial void LegacyPasswordHashes(ILogger logger, int userCount, string userNames);

    /// <summary>The user name as logged: control and format characters replaced, cut at <see cref="MaxUserNameLength"/>.</summary>
    public static string? UserName(string? userName)
    {
        if (userName is null)
        {
            return null;
        }

        var length = Math.Min(userName.Length, MaxUserNameLength);
        if (length < userName.Length && char.IsHighSurrogate(userName[length - 1]))
        {
            length--; // never cut a surrogate pair in two
        }

        var builder = new StringBuilder(length + 1);
        foreach (var c in userName.AsSpan(0, length))
        {
            var category = char.GetUnicodeCategory(c);
            builder.Append(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                ? '\uFFFD'
                : c);
        }

        if (length < userName.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>The client address as logged (IPv4-mapped IPv6 as IPv4; <c>unknown</c> when the server has none).</summary>
    public static string ClientAddress(IPAddress? client) =>
        client is null ? "unknown" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
}
