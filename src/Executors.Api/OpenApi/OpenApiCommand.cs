using System.Text;
using NSwag.Generation;

namespace Executors.Api.OpenApi;

/// <summary>
/// <c>dotnet run --project src/Executors.Api -- openapi [PATH]</c>: writes the OpenAPI document the API
/// serves at <c>/swagger/v1/swagger.json</c> to a file, from the app's own services, without starting the server,
/// touching the database or needing users. The committed <c>docs/openapi.json</c> is its output; a test fails when it
/// is out of date (docs/adr/0005-openapi-and-client-generation.md).
/// </summary>
internal static class OpenApiCommand
{
    public const string Name = "openapi";

    /// <summary>What to run to bring <c>docs/openapi.json</c> up to date (from the repository's root).</summary>
    public const string RegenerateCommand = "dotnet run --project src/Executors.Api -- openapi";

    /// <summary>Where the document lives, from the repository's root (the folder that holds the solution file).</summary>
    public const string DocumentPath = "docs/openapi.json";

    private const string SolutionFile = "Executors.sln";

    /// <summary>
    /// The host for the command: the API's own configuration (content root at the build output, where the appsettings
    /// files are) in a fixed environment, so that neither the working directory nor ASPNETCORE_ENVIRONMENT changes
    /// the document. No command-line arguments reach configuration. The application name is the API's own, whoever
    /// calls the entry point: MVC finds the controllers in the assembly that name points at.
    /// </summary>
    public static WebApplicationOptions HostOptions => new()
    {
        Args = [],
        ApplicationName = typeof(OpenApiCommand).Assembly.GetName().Name,
        ContentRootPath = AppContext.BaseDirectory,
        EnvironmentName = Environments.Production,
    };

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        // `dotnet run` starts the app in the project's folder, so a relative PATH is relative to src/Executors.Api;
        // without one the repository's docs/openapi.json is written, wherever in the repository the command runs.
        string? fullPath = args switch
        {
            [] => FindRepositoryRoot(Environment.CurrentDirectory) is { } root ? Path.Combine(root, DocumentPath) : null,
            [var path] when !path.StartsWith('-') => Path.GetFullPath(path),
            _ => null,
        };
        if (fullPath is null)
        {
            error.WriteLine($"usage: {Name} [PATH]   (without PATH: {DocumentPath} of the repository holding the current folder)");
            return 2;
        }

        var json = await GenerateJsonAsync(services);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        await File.WriteAllTextAsync(fullPath, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        output.WriteLine($"Wrote {fullPath}");
        return 0;
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>
    /// The "v1" document as the API serves it, minus what depends on the request: NSwag adds a <c>servers</c> entry
    /// with the caller's host when serving; the file has none (a client sets its own base address). Line endings are
    /// <c>\n</c> on every OS and the file ends with one.
    /// </summary>
    public static async Task<string> GenerateJsonAsync(IServiceProvider services)
    {
        var generator = services.GetRequiredService<IOpenApiDocumentGenerator>();
        var document = await generator.GenerateAsync(OpenApiConfiguration.DocumentName);
        document.Servers.Clear();
        return document.ToJson().ReplaceLineEndings("\n") + "\n";
    }
}
