using System.Globalization;

namespace Executors.Api.Hosting;

/// <summary>
/// <c>dotnet Executors.Api.dll healthcheck [URL]</c>: asks a running API's <c>/health/live</c> (by default on this
/// machine's first port of <c>ASPNETCORE_HTTP_PORTS</c>, else 8080) and exits 0 when it answers 200, 1 otherwise. The
/// container image's <c>HEALTHCHECK</c> runs it: the .NET base images carry no curl or wget, and an image should not
/// gain a tool only for its probe.
/// </summary>
internal static class HealthCheckCommand
{
    public const string Name = "healthcheck";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        Uri? target;
        switch (args)
        {
            case []:
                target = DefaultTarget(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
                break;
            case [var text] when Uri.TryCreate(text, UriKind.Absolute, out var given) && given.Scheme is "http" or "https":
                target = given;
                break;
            default:
                error.WriteLine($"usage: {Name} [URL]   (default http://127.0.0.1:<first of ASPNETCORE_HTTP_PORTS, else 8080>/health/live)");
                return 2;
        }

        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout;
        try
        {
            using var response = await client.GetAsync(target);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                output.WriteLine($"healthy: {target} answered 200");
                return 0;
            }

            error.WriteLine($"unhealthy: {target} answered {status}");
            return 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            error.WriteLine($"unhealthy: {target} did not answer ({(exception is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : exception.Message)})");
            return 1;
        }
    }

    /// <summary>The liveness route on loopback at the first port the container's environment names.</summary>
    public static Uri DefaultTarget(string? httpPorts)
    {
        var first = (httpPorts ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535 ? parsed : 8080;
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{TransportSecurity.HealthPathPrefix}/live");
    }
}
