using Executors.Client;
using Microsoft.Extensions.Options;

// In the container's namespace, as Microsoft's own Add* methods are, so that no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Executors API client with <see cref="IHttpClientFactory"/>.</summary>
public static class ExecutorsClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IExecutorsApiClient"/> as a typed <see cref="HttpClient"/> that sends the configured HTTP Basic
    /// credentials to <see cref="ExecutorsClientOptions.BaseAddress"/>:
    /// <code>services.AddExecutorsClient(o => { o.BaseAddress = new Uri("https://executors/"); o.UserName = "svc"; o.Password = secret; });</code>
    /// The options are validated when the first client is made. The returned builder adds handlers, resilience or a
    /// primary handler (a client certificate, a pinned server certificate) the usual way.
    /// </summary>
    public static IHttpClientBuilder AddExecutorsClient(this IServiceCollection services, Action<ExecutorsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ExecutorsClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp),
                "ExecutorsClientOptions.BaseAddress must be an absolute http or https URI.")
            .Validate(o => o.UserName.Length > 0 && !o.UserName.Contains(':', StringComparison.Ordinal),
                "ExecutorsClientOptions.UserName must be non-empty and must not contain ':' (RFC 7617).")
            .Validate(o => !o.UserName.Any(char.IsControl) && !o.Password.Any(char.IsControl),
                "ExecutorsClientOptions.UserName and Password must not contain control characters.");

        return services.AddHttpClient<IExecutorsApiClient, ExecutorsApiClient>((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<ExecutorsClientOptions>>().Value;
            client.BaseAddress = WithTrailingSlash(options.BaseAddress!);
            client.DefaultRequestHeaders.Authorization = BasicCredentials.HeaderValue(options.UserName, options.Password);
            if (options.Timeout is { } timeout)
            {
                client.Timeout = timeout;
            }
        });
    }

    /// <summary>
    /// Registers one <see cref="ExecutorStreamClient"/> (a singleton: one WebSocket per service, disposed with the
    /// container) with its options; the client is made when first asked for, its options checked then.
    /// <code>services.AddExecutorStreamClient(o => { o.BaseAddress = new Uri("https://executors/"); o.UserName = "svc"; o.Password = secret; });</code>
    /// A pinned certificate: <c>o.RemoteCertificateValidationCallback</c>, as on the HTTP client's handler.
    /// </summary>
    public static IServiceCollection AddExecutorStreamClient(this IServiceCollection services, Action<ExecutorStreamClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ExecutorStreamClientOptions>().Configure(configure);
        services.AddSingleton(provider => new ExecutorStreamClient(provider.GetRequiredService<IOptions<ExecutorStreamClientOptions>>().Value));
        return services;
    }

    // The generated client sends relative paths ("executors/{id}"): without the slash, https://gw/api would lose "api".
    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsolutePath.EndsWith('/') ? address : new UriBuilder(address) { Path = address.AbsolutePath + "/" }.Uri;
}
