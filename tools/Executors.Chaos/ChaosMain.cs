using System.Globalization;

namespace Executors.Chaos;

/// <summary>
/// <c>dotnet Executors.Chaos.dll --api http://127.0.0.1:PORT [--duration S] [--baseline S] [--p99-bound-ms MS]
/// [--foreign-executors N] [--report FILE]</c>; the chaos users' password in <c>CHAOS_PASSWORD</c> (never on the command
/// line). Exit code: 0 passed, 1 failed, 2 usage.
/// </summary>
internal static class ChaosMain
{
    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !options.TryGetValue("--api", out var api) || Environment.GetEnvironmentVariable("CHAOS_PASSWORD") is not { Length: > 0 } password)
        {
            Console.Error.WriteLine("usage: Executors.Chaos --api http://127.0.0.1:PORT [--duration S] [--baseline S] [--p99-bound-ms MS] [--foreign-executors N] [--report FILE]   (CHAOS_PASSWORD in the environment)");
            return 2;
        }

        double Number(string name, double fallback) =>
            options.TryGetValue(name, out var text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

        var settings = new ChaosOptions
        {
            Api = new Uri(api),
            Password = password,
            Duration = TimeSpan.FromSeconds(Number("--duration", 60)),
            Baseline = TimeSpan.FromSeconds(Number("--baseline", 10)),
            P99BoundMilliseconds = Number("--p99-bound-ms", 250),
            ForeignExecutors = (int)Number("--foreign-executors", 2000),
        };

        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };

        var report = await new ChaosRun(settings).RunAsync(interrupt.Token);
        var markdown = report.ToMarkdown("### Chaos run");
        Console.WriteLine(markdown);
        if (options.TryGetValue("--report", out var file))
        {
            await File.WriteAllTextAsync(file, markdown);
        }

        return report.Passed ? 0 : 1;

    }
}
