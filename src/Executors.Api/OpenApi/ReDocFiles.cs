using System.Collections.Frozen;

namespace Executors.Api.OpenApi;

/// <summary>
/// ReDoc's standalone bundle (npm package <c>redoc</c> 2.5.4) and its licenses, embedded in the API and served under
/// <c>/redoc</c>, so that the page needs nothing from the internet (see OpenApi/ReDoc/README.md).
/// </summary>
internal static class ReDocFiles
{
    public const string ScriptName = "redoc.standalone.js";

    /// <summary>Where the page loads the bundle from, under the path base.</summary>
    public const string ScriptPath = DocsPages.ReDocPath + "/" + ScriptName;

    private const string JavaScript = "text/javascript; charset=utf-8";

    private const string Text = "text/plain; charset=utf-8";

    /// <summary>Path under /redoc → (content type, resource name); read once, on first request.</summary>
    private static readonly FrozenDictionary<string, (string ContentType, Lazy<byte[]> Body)> Files = new Dictionary<string, (string, Lazy<byte[]>)>(StringComparer.OrdinalIgnoreCase)
    {
        [ScriptPath] = (JavaScript, Load(ScriptName)),
        [DocsPages.ReDocPath + "/" + ScriptName + ".LICENSE.txt"] = (Text, Load(ScriptName + ".LICENSE.txt")),
        [DocsPages.ReDocPath + "/LICENSE"] = (Text, Load("LICENSE")),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The file at <paramref name="path"/> (exact, case-insensitive), if it is one of these.</summary>
    public static bool TryGet(PathString path, out string contentType, out byte[] body)
    {
        if (path.Value is { } value && Files.TryGetValue(value, out var file))
        {
            contentType = file.ContentType;
            body = file.Body.Value;
            return true;
        }

        contentType = string.Empty;
        body = [];
        return false;
    }

    private static Lazy<byte[]> Load(string name) => new(() =>
    {
        using var stream = typeof(ReDocFiles).Assembly.GetManifestResourceStream("ReDoc/" + name)
            ?? throw new InvalidOperationException($"The embedded resource ReDoc/{name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
