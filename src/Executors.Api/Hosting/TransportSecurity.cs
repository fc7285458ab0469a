using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Executors.Api.Hosting;

/// <summary>
/// TLS 1.2 or newer on every HTTPS endpoint; redirection (except of the health checks), HSTS and forwarded headers as
/// configured.
/// </summary>
internal static class TransportSecurity
{
    public static IServiceCollection AddTransportSecurity(this IServiceCollection services)
    {
        services.AddOptions<HttpsOptions>()
            .BindConfiguration(HttpsOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpsOptions>, HttpsOptionsValidator>();
        services.AddSingleton<IValidateOptions<HttpsOptions>, HttpsCertificateCheck>();

        // Request sizes and timeouts: RequestLimits.
        services.AddOptions<KestrelServerOptions>().Configure(kestrel =>
            kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13));

        services.AddOptions<HstsOptions>().Configure<IOptions<HttpsOptions>>((hsts, options) =>
        {
            hsts.MaxAge = options.Value.HstsMaxAge;
            hsts.IncludeSubDomains = false;
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<HttpsOptions>>((redirect, options) =>
        {
            redirect.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            redirect.HttpsPort = options.Value.HttpsPort;
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpsOptions>>((forwarded, options) =>
        {
            // X-Forwarded-Prefix becomes HttpRequest.PathBase (the docs pages and the document put it in their URLs,
            // escaped). Like the others it is believed only from KnownProxies/KnownNetworks: the middleware is not
            // even added without them. X-Forwarded-Host is never believed: nothing here builds a URL from a host.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedPrefix;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in options.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        return services;
    }

    public static IApplicationBuilder UseTransportSecurity(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<HttpsOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (options.Hsts)
        {
            app.UseHsts();
        }

        if (options.RedirectHttpToHttps)
        {
            // Not the health checks: load balancers, container runtimes and orchestrators probe over plain HTTP and
            // count a redirect as a failure. They carry no credentials and no data (see ApiPipeline).
            app.UseWhen(context => !IsHealthCheck(context.Request), https => https.UseHttpsRedirection());
        }

        return app;
    }

    /// <summary>The health routes, <c>/health/live</c> and <c>/health/ready</c> (and anything else under <c>/health</c>).</summary>
    public static bool IsHealthCheck(HttpRequest request) => request.Path.StartsWithSegments(HealthPathPrefix, StringComparison.OrdinalIgnoreCase);

    public const string HealthPathPrefix = "/health";
}
