using System.Globalization;
using System.Text;

namespace Executors.Chaos;

/// <summary>What a chaos run measured and found; <see cref="Passed"/> when nothing failed.</summary>
public sealed record ChaosReport(
    ChaosOptions Options,
    TimeSpan Setup,
    TimeSpan Chaos,
    IReadOnlyList<double> BaselineLatencies,
    IReadOnlyList<double> ChaosLatencies,
    SideChannel SideChannel,
    int RaceExecutorsChecked,
    int WritesAcknowledged,
    int WritesRetriedAfter429,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;

    /// <summary>The report as markdown (what scripts/chaos.sh prints and puts in docs/operations.md).</summary>
    public string ToMarkdown(string heading)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{heading}").AppendLine();
        text.AppendLine(culture, $"Verdict: **{(Passed ? "PASS" : "FAIL")}** — {Options.Duration.TotalSeconds:F0} s of chaos after a {Options.Baseline.TotalSeconds:F0} s baseline; the signed-in user's p99 bound {Options.P99BoundMilliseconds:F0} ms.").AppendLine();
        text.AppendLine("| Signed-in user's reads | requests | p50 | p90 | p99 | max |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        Row(text, "baseline (alone)", BaselineLatencies);
        Row(text, "during the chaos", ChaosLatencies);
        text.AppendLine();
        text.AppendLine(culture, $"Side channel: a restricted reader's search of another account's {Options.ForeignExecutors} executors took {SideChannel.ForeignMedian:F2} ms (median), of its own empty account {SideChannel.OwnMedian:F2} ms.").AppendLine();
        text.AppendLine(culture, $"Racing writes: {Options.Writers} writers on {Options.RaceExecutors} executors, {WritesAcknowledged} acknowledged ({WritesRetriedAfter429} waited out a 429 first); every executor checked afterwards: error_count = ERROR entries acknowledged, log within its bound, the newest acknowledged report kept.").AppendLine();
        text.AppendLine("| Traffic: answer | count |");
        text.AppendLine("| --- | --- |");
        foreach (var (answer, count) in Answers)
        {
            text.AppendLine(culture, $"| {answer} | {count} |");
        }

        if (!Passed)
        {
            text.AppendLine().AppendLine("Failures:");
            foreach (var failure in Failures.Take(50))
            {
                text.AppendLine(culture, $"- {failure}");
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<double> latencies) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {latencies.Count} | {ChaosRun.Percentile(latencies, 50):F1} ms | {ChaosRun.Percentile(latencies, 90):F1} ms | {ChaosRun.Percentile(latencies, 99):F1} ms | {(latencies.Count == 0 ? 0 : latencies.Max()):F1} ms |");
}
