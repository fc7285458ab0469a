using Executors.Application.Executors.Queries.GetExecutor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Executors.Infrastructure.Caching;

internal static class TerminatedExecutorCacheRegistration
{
    /// <summary>
    /// The <c>Caching</c> options, validated at start, and the cache they bound. A bound of 0 turns the cache off: the
    /// GET pipeline's step takes the cache as optional, and is given none.
    /// </summary>
    public static IServiceCollection AddTerminatedExecutorCache(this IServiceCollection services)
    {
        services.AddOptions<CachingOptions>()
            .BindConfiguration(CachingOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.ApplyEarlierKeys(configuration.GetSection(CachingOptions.SectionName)))
            .Validate(options => options.TerminatedExecutorBytes >= 0, $"{CachingOptions.SectionName}:TerminatedExecutorBytes must be 0 (off) or a number of bytes.")
            .Validate(options => options.TerminatedExecutorIdleTime > TimeSpan.Zero, $"{CachingOptions.SectionName}:TerminatedExecutorIdleTime must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ITerminatedExecutorCache>(provider =>
            provider.GetRequiredService<IOptions<CachingOptions>>().Value is { TerminatedExecutorBytes: > 0 } caching ? new TerminatedExecutorCache(caching) : null!);
        return services;
    }
}
