using System.Globalization;

namespace Executors.ClusterDrill;

/// <summary>
/// <c>dotnet Executors.ClusterDrill.dll --api URL --users N --marks FILE --until FILE [--max-seconds S]
/// [--executors-per-user K] [--report FILE]</c>; the drill users' password in <c>DRILL_PASSWORD</c> (never on the command
/// line). Sends reads and writes through <c>--api</c> until <c>--until</c> exists (or <c>--max-seconds</c> pass), then
/// checks every acknowledged write and writes the report. Exit code: 0 passed, 1 a check failed, 2 usage or set-up.
/// </summary>
internal static class DrillMain
{
    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (args.Length % 2 != 0
            || !options.TryGetValue("--api", out var api)
            || !options.TryGetValue("--marks", out var marks)
            || !options.TryGetValue("--until", out var until)
            || Environment.GetEnvironmentVariable("DRILL_PASSWORD") is not { Length: > 0 } password)
        {
            await Console.Error.WriteLineAsync(
                "usage: Executors.ClusterDrill --api http://127.0.0.1:PORT --marks FILE --until FILE [--users N] " +
                "[--executors-per-user K] [--max-seconds S] [--report FILE]   (DRILL_PASSWORD in the environment)");
            return 2;
        }

        int Number(string name, int fallback) =>
            options.TryGetValue(name, out var text) ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;

        var settings = new DrillOptions
        {
            Api = new Uri(api),
            Password = password,
            Users = Number("--users", 6),
            ExecutorsPerUser = Number("--executors-per-user", 3),
            MaxDuration = TimeSpan.FromSeconds(Number("--max-seconds", 600)),
            UntilFile = until,
        };

        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };

        DrillRecording recording;
        try
        {
            recording = await new DrillRun(settings).RunAsync(interrupt.Token);
        }
        catch (DrillSetupException failure)
        {
            await Console.Error.WriteLineAsync("cluster drill: " + failure.Message);
            return 2;
        }

        var report = DrillReport.Build(recording, Marks.Read(marks), settings);
        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);
        if (options.TryGetValue("--report", out var file))
        {
            await File.WriteAllTextAsync(file, markdown);
        }

        return report.Passed ? 0 : 1;
    }
}
