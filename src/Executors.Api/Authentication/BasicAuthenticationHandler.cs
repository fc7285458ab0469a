using System.Text.Encodings.Web;
using Executors.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Executors.Api.Authentication;

/// <summary>HTTP Basic authentication (RFC 7617) for the <c>executors</c> realm.</summary>
internal sealed class BasicAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Basic";

    /// <summary>RFC 7617's challenge, announcing that credentials are read as UTF-8.</summary>
    public const string Challenge = $"Basic realm=\"{BasicAuthenticationOptions.Realm}\", charset=\"UTF-8\"";

    private readonly CredentialVerifier _verifier;

    // The base class's own log events ("Basic was not authenticated", "was challenged") carry neither the client
    // address nor the user name, and would double every event CredentialVerifier logs with both (AuthenticationLog):
    // it gets a logger factory that writes nothing.
    public BasicAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        UrlEncoder encoder,
        CredentialVerifier verifier)
        : base(options, NullLoggerFactory.Instance, encoder)
    {
        _verifier = verifier;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (headers.Count > 1 || headers[0] is not { } authorization)
        {
            return AuthenticateResult.Fail("More than one Authorization header.");
        }

        var check = await _verifier.VerifyAsync(authorization, Context.Connection.RemoteIpAddress, Context.RequestAborted);
        switch (check.Refusal)
        {
            case CredentialRefusal.Throttled:
                return AuthenticateResult.Fail(new AuthenticationThrottledException(check.RetryAfter));
            case CredentialRefusal.Busy:
                return AuthenticateResult.Fail(new AuthenticationThrottledException(check.RetryAfter, busy: true));
        }

        if (check.User is not { } user)
        {
            return AuthenticateResult.Fail("Invalid credentials.");
        }

        var ticket = new AuthenticationTicket(ExecutorPrincipal.Create(user, SchemeName), SchemeName);
        return AuthenticateResult.Success(ticket);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"User '{Context.User.Identity?.Name}' lacks the role this operation needs (writes need '{ExecutorRoles.Writer}').");

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is AuthenticationThrottledException throttled)
        {
            await WriteRetryLaterAsync(throttled);
            return;
        }

        Response.Headers.WWWAuthenticate = Challenge;
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            result.Failure is null ? "Authentication required: send HTTP Basic credentials." : "Invalid credentials.");
    }

    /// <summary>429 (too many failures) or 503 (too many password checks at once), with Retry-After.</summary>
    private Task WriteRetryLaterAsync(AuthenticationThrottledException refusal) =>
        refusal.Busy
            ? ProblemResponses.WriteRetryLaterAsync(Context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable", refusal.RetryAfter, "Too many sign-ins are being checked at the moment.")
            : ProblemResponses.WriteRetryLaterAsync(Context, StatusCodes.Status429TooManyRequests, "Too Many Requests", refusal.RetryAfter, "Too many failed authentication attempts from this client or for this user.");

    private Task WriteProblemAsync(int status, string title, string detail) => ProblemResponses.WriteAsync(Context, status, title, detail);
}
