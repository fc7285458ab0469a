using System.Text;

namespace Executors.ClientGenerator;

/// <summary>
/// <c>dotnet run --project tools/Executors.ClientGenerator</c>: reads docs/openapi.json and writes
/// src/Executors.Client/Generated/ExecutorsApiClient.g.cs (paths from the repository's root, found from the current
/// folder, so the command works from anywhere inside the repository). A named class rather than top-level statements:
/// the tests see this assembly's internals, and a second <c>Program</c> would clash with the API's.
/// </summary>
internal static class GeneratorMain
{
    public static async Task<int> Main(string[] args)
    {
        var root = new DirectoryInfo(Environment.CurrentDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Executors.sln")))
        {
            root = root.Parent;
        }

        if (root is null || args.Length > 0)
        {
            await Console.Error.WriteLineAsync($"usage: {ClientCode.RegenerateCommand}   (run inside the repository; takes no arguments)");
            return 2;
        }

        var document = Path.Combine(root.FullName, ClientCode.DocumentPath);
        var output = Path.Combine(root.FullName, ClientCode.OutputPath);
        var code = await ClientCode.GenerateAsync(await File.ReadAllTextAsync(document));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, code, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Console.WriteLine($"Wrote {output}");
        return 0;
    }
}
