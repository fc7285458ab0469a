using System.Globalization;
using Executors.Benchmarks.Live;

// benchmarks/live.sh runs this against a Release API on the benchmark's PostgreSQL; see docs/performance.md.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Get(string name, string? fallback = null) =>
    options.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required");

int Number(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var settings = new LiveSettings(
    new Uri(Get("url")), Get("reader"), Environment.GetEnvironmentVariable("LIVE_READER_PASSWORD") ?? "", Get("writer"),
    Environment.GetEnvironmentVariable("LIVE_WRITER_PASSWORD") ?? "", Number("api-pid", 0), Number("subscribers", 1000),
    Number("executors", 200), Number("rate", 100), TimeSpan.FromSeconds(Number("duration", 60)),
    double.Parse(Get("update-interval", "0.5"), CultureInfo.InvariantCulture), Get("out", "live-results.json"), Get("database", ""));

// The whole run is bounded: whatever happens, it ends.
using var bound = new CancellationTokenSource(settings.Duration + TimeSpan.FromSeconds(100));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; bound.Cancel(); };
try
{
    return await new LiveBenchmark(settings).RunAsync(bound.Token);
}
catch (OperationCanceledException) when (bound.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("live benchmark: stopped by its time bound");
    return 3;
}
