using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.HttpOverrides;

namespace Executors.Api.Hosting;

/// <summary>TLS 1.2 or newer on every HTTPS endpoint; redirection, HSTS and forwarded headers as configured.</summary>
internal static class TransportSecurity
{
    public static WebApplicationBuilder AddTransportSecurity(this WebApplicationBuilder builder)
    {
        // Request sizes and timeouts: RequestLimits.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13));

        var section = builder.Configuration.GetSection(HttpsOptions.SectionName);
        var options = section.Get<HttpsOptions>() ?? new HttpsOptions();
        builder.Services.Configure<HttpsOptions>(section);

        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = options.HstsMaxAge;
            hsts.IncludeSubDomains = false;
        });
        builder.Services.AddHttpsRedirection(redirect =>
        {
            redirect.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            redirect.HttpsPort = options.HttpsPort;
        });
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // X-Forwarded-Prefix becomes HttpRequest.PathBase (the docs pages and the document put it in their URLs,
            // escaped). Like the others it is believed only from KnownProxies/KnownNetworks: the middleware is not
            // even added without them. X-Forwarded-Host is never believed: nothing here builds a URL from a host.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedPrefix;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in options.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        return builder;
    }

    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        var options = app.Configuration.GetSection(HttpsOptions.SectionName).Get<HttpsOptions>() ?? new HttpsOptions();
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
            app.UseHttpsRedirection();
        }

        return app;
    }
}
