using System.Text.Encodings.Web;
using Executors.Api.Errors;
using Executors.Application.LiveUpdates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>
/// The stream-ticket scheme: <c>?ticket=</c> (and nothing else of the query) redeemed once, from any API process, for
/// the principal the Basic scheme builds for the user it was issued to — as that user is configured now: a user removed
/// since, or a ticket unknown, used or run out, is refused. For clients that cannot send an Authorization header (a
/// browser's EventSource or WebSocket). The WebSocket route authenticates with it by name (<see cref="SchemeName"/>).
/// </summary>
internal sealed class StreamTicketAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "StreamTicket";

    /// <summary>The only query parameter read.</summary>
    public const string QueryName = "ticket";

    private readonly ConfiguredUsers _users;
    private readonly TimeProvider _clock;

    // As the Basic handler: the base class's log events carry nothing an operator could use.
    public StreamTicketAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        UrlEncoder encoder,
        ConfiguredUsers users,
        TimeProvider clock)
        : base(options, NullLoggerFactory.Instance, encoder)
    {
        _users = users;
        _clock = clock;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Query.TryGetValue(QueryName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        // A value that cannot be a ticket costs no database round trip.
        if (values.Count != 1 || !StreamTicketHash.TryOf(values[0], out var hash))
        {
            return AuthenticateResult.Fail("Invalid ticket.");
        }

        var tickets = Context.RequestServices.GetRequiredService<IStreamTickets>();
        var userName = await tickets.RedeemAsync(hash, _clock.GetUtcNow(), Context.RequestAborted);
        if (userName is null || !_users.Current.TryGet(userName, out var user) || user is null)
        {
            return AuthenticateResult.Fail("Invalid ticket.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ExecutorPrincipal.Create(user.User, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await ProblemResponses.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            result.Failure is null
                ? "Authentication required: send HTTP Basic credentials, or a ticket from POST /streams/tickets as ?ticket=."
                : "The ticket is not valid: unknown, already used or expired. Ask POST /streams/tickets for a new one.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResponses.WriteAsync(
            Context,
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"User '{Context.User.Identity?.Name}' lacks the role this operation needs (writes need '{ExecutorRoles.Writer}').");
}
