using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Executors.SampleEngine;

/// <summary>
/// <c>dotnet run --project samples/Executors.SampleEngine -- --Api:BaseUrl=http://localhost:5000 --Api:UserName=admin
/// --Api:Password=admin --Engine:EngineId=engine-1</c>. Ctrl-C stops it; started again with the same engine id it
/// resumes its executors.
/// </summary>
internal static class EngineProgram
{
    public static async Task<int> Main(string[] args)
    {
        // sampleengine.json beside the program, wherever it is started from, under environment variables and the command
        // line. Not appsettings.json: a project that references this one (the tests) would get it copied over its own.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "sampleengine.json"), Optional = true };
        settings.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, settings);
        builder.Services.AddSampleEngine(builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync($"Invalid settings: {string.Join("; ", invalid.Failures)}").ConfigureAwait(false);
            return 2;
        }
    }
}

/// <summary>The engine's registration: its options, the generated client and its stream client, the loop and the worker.</summary>
public static class SampleEngineServiceCollectionExtensions
{
    public static IServiceCollection AddSampleEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .BindConfiguration(EngineOptions.Section)
            .Validate(o => o.EngineId.Length is > 0 and <= 128 && o.EngineId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'),
                "Engine:EngineId must be 1–128 letters, digits or ._:-")
            .Validate(o => o.LeaseDuration > TimeSpan.Zero && o.EffectiveHeartbeatInterval > TimeSpan.Zero && o.EffectiveHeartbeatInterval < o.LeaseDuration,
                "Engine:HeartbeatInterval must be positive and shorter than Engine:LeaseDuration")
            .Validate(o => o.ClaimLimit is >= 1 and <= 100, "Engine:ClaimLimit must be 1–100")
            .Validate(o => o.CloseAfterTicks >= 0 && o.LogEveryTicks >= 0, "Engine:CloseAfterTicks and Engine:LogEveryTicks must not be negative")
            .Validate(o => o.DefaultAmountQuote > 0 && o.FeeRate is >= 0 and < 1, "Engine:DefaultAmountQuote must be positive and Engine:FeeRate 0–1")
            .ValidateOnStart();
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .Validate(o => o.BaseUrl is { IsAbsoluteUri: true }, "Api:BaseUrl must be an absolute http(s) URL")
            .Validate(o => o.UserName.Length > 0, "Api:UserName is required (a user with the writer role)")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Api:Timeout must be positive")
            .ValidateOnStart();

        var api = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        services.AddExecutorsClient(o =>
        {
            o.BaseAddress = api.BaseUrl;
            o.UserName = api.UserName;
            o.Password = api.Password;
            o.Timeout = api.Timeout;
        });
        services.AddExecutorStreamClient(o =>
        {
            o.BaseAddress = api.BaseUrl;
            o.UserName = api.UserName;
            o.Password = api.Password;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EngineLoop>();
        services.AddHostedService<EngineWorker>();
        return services;
    }
}
