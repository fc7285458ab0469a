using Executors.Api;
using Executors.Api.Hosting;
using Executors.Application;
using Executors.Infrastructure;
using Executors.Infrastructure.Persistence;

if (await CommandLine.TryRunAsync(args) is { } exitCode)
{
    return exitCode;
}

try
{
    var app = Program.BuildApp(WebApplication.CreateBuilder(args));

    // Migrations and demo data only when configured (Development, ./run.sh); never in what the openapi command builds.
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);

    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.IsOwnProcess && StartupFailure.Report(exception, Console.Error) is { } failed)
{
    // A configuration the operator fixes: one line on stderr naming the fix (the log has the details), no dump. Not
    // when a test host (WebApplicationFactory) runs this entry point: it receives the exception itself.
    return failed;
}

/// <summary>The API's entry point; public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program
{
    /// <summary>The API as it serves: every layer's services, then its pipeline. The openapi command builds the same.</summary>
    internal static WebApplication BuildApp(WebApplicationBuilder builder)
    {
        builder.Services
            .AddApplication()
            .AddInfrastructure(builder.Configuration)
            .AddApi(builder.Configuration);

        var app = builder.Build();
        app.UseApi();
        return app;
    }
}
