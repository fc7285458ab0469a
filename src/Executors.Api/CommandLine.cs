using Executors.Api.Authentication;
using Executors.Api.Hosting;
using Executors.Api.OpenApi;

namespace Executors.Api;

/// <summary>
/// The API's sub-commands, run instead of the server: <c>hash-password [--iterations N]</c>, <c>openapi [PATH]</c>
/// <c>migrate [--list]</c> and <c>healthcheck [URL]</c>.
/// </summary>
internal static class CommandLine
{
    /// <summary>Runs the command <paramref name="args"/> name and returns its exit code; null when they name none.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        switch (args)
        {
            case [HashPasswordCommand.Name, .. var rest]:
                return HashPasswordCommand.Run(rest, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);

            case [OpenApiCommand.Name, .. var rest]:
                // The real app, built as the server builds it but never run: the document is what the server would serve.
                await using (var app = Program.BuildApp(WebApplication.CreateBuilder(OpenApiCommand.HostOptions)))
                {
                    return await OpenApiCommand.RunAsync(app.Services, rest, Console.Out, Console.Error);
                }

            case [MigrateCommand.Name, .. var rest]:
                // The server's configuration and persistence layer only: no web host, users or certificates needed.
                return await MigrateCommand.RunAsync(MigrateCommand.CreateBuilder(), rest, Console.Out, Console.Error);

            case [HealthCheckCommand.Name, .. var rest]:
                return await HealthCheckCommand.RunAsync(rest, Console.Out, Console.Error);

            default:
                return null;
        }
    }
}
