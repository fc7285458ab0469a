namespace Executors.Api.Hosting;

/// <summary>
/// The <c>Https</c> configuration section. Kestrel's own endpoints and certificates are configured in the standard
/// <c>Kestrel</c> section (<c>Kestrel:Endpoints:Https:Url</c>, <c>Kestrel:Certificates:Default:Path</c>/<c>KeyPath</c>/
/// <c>Password</c>); this section says what the application does with HTTP.
/// </summary>
public sealed class HttpsOptions
{
    public const string SectionName = "Https";

    /// <summary>Answer plain HTTP with a redirect to HTTPS. Turn off behind a TLS-terminating proxy.</summary>
    public bool RedirectHttpToHttps { get; set; } = true;

    /// <summary>The HTTPS port to redirect to, when it cannot be read from the server's addresses.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>Send Strict-Transport-Security on HTTPS responses.</summary>
    public bool Hsts { get; set; } = true;

    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Proxies (IP addresses) whose X-Forwarded-For/-Proto/-Prefix headers are believed. Empty: the headers are ignored.
    /// </summary>
    public IList<string> KnownProxies { get; init; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose forwarded headers are believed.</summary>
    public IList<string> KnownNetworks { get; init; } = [];
}
