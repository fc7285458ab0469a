using System.Globalization;
using System.Text;

namespace Executors.ClusterDrill;

/// <summary>
/// The figures of each step (the requests answered between its mark and the next one) and the checks that say what a
/// step may cost: see <see cref="Expectations"/>.
/// </summary>
internal sealed class DrillReport
{
    private readonly List<string> _rows = [];
    private readonly List<string> _checks = [];
    private readonly List<string> _failures = [];
    private readonly DrillRecording _recording;

    private DrillReport(DrillRecording recording) => _recording = recording;

    public bool Passed => _failures.Count == 0;

    public static DrillReport Build(DrillRecording recording, IReadOnlyList<Mark> marks, DrillOptions options)
    {
        var report = new DrillReport(recording);
        // A process that dies takes at most its loops' in-flight requests with it: one per loop it was serving.
        var inFlightBound = 2 * options.Users;
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            var end = i + 1 < marks.Count ? marks[i + 1].AtMs : long.MaxValue;
            var window = recording.Samples.Where(sample => sample.AnsweredAtMs >= mark.AtMs && sample.AnsweredAtMs < end).ToList();
            report.Add(mark, window, inFlightBound);
        }

        report.Check(recording.LostWrites.Count == 0, $"no acknowledged write lost ({recording.AcknowledgedWrites} writes answered 2xx on {recording.Executors} executors)", recording.LostWrites);
        report.Check(recording.Unverified.Count == 0, "every executor could be read back at the end", recording.Unverified);
        return report;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| Step | Length | Reads ok / failed | Writes ok / failed | Failed answers | Last failure after the step began | Slowest answer | Served by |");
        text.AppendLine("|---|---:|---:|---:|---|---:|---:|---|");
        foreach (var row in _rows)
        {
            text.AppendLine(row);
        }

        text.AppendLine();
        foreach (var check in _checks)
        {
            text.AppendLine(check);
        }

        text.AppendLine();
        text.AppendLine(Passed ? "Result: **passed**." : $"Result: **failed** ({_failures.Count} check(s)).");
        return text.ToString();
    }

    private void Add(Mark mark, List<Sample> window, int inFlightBound)
    {
        var reads = window.Where(sample => !sample.Write).ToList();
        var writes = window.Where(sample => sample.Write).ToList();
        var failed = window.Where(Failed).ToList();
        var lastFailure = failed.Count == 0 ? "—" : Seconds(failed.Max(sample => sample.AnsweredAtMs) - mark.AtMs);
        var answers = failed.Count == 0
            ? "—"
            : string.Join(", ", failed.GroupBy(Answer).OrderByDescending(group => group.Count()).Select(group => $"{group.Key} ×{group.Count()}"));
        var servers = string.Join(", ", window.Where(sample => sample.Server is not null).GroupBy(sample => sample.Server!).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key} {group.Count()}"));
        var length = window.Count == 0 ? 0 : window.Max(sample => sample.AnsweredAtMs) - mark.AtMs;
        var slowest = window.Count == 0 ? "—" : Seconds((long)window.Max(sample => sample.Milliseconds));
        _rows.Add($"| {mark.Description} | {Seconds(length)} | {reads.Count(Ok)} / {reads.Count(Failed)} | {writes.Count(Ok)} / {writes.Count(Failed)} | {answers} | {lastFailure} | {slowest} | {(servers.Length == 0 ? "—" : servers)} |");
        Expectations(mark, reads, writes, inFlightBound);
    }

    /// <summary>What each step of scripts/cluster.sh's drill may cost (a step of another name is only reported).</summary>
    private void Expectations(Mark mark, List<Sample> reads, List<Sample> writes, int inFlightBound)
    {
        var failedReads = reads.Count(Failed);
        var failedWrites = writes.Count(Failed);
        switch (mark.Name)
        {
            case "steady" or "api-restart" or "redis-stop" or "redis-start" or "standby-start":
                Check(failedReads + failedWrites == 0, $"{mark.Name}: no request failed (reads {reads.Count}, writes {writes.Count})");
                Check(reads.Count > 0 && writes.Count > 0, $"{mark.Name}: reads and writes were answered during the step");
                break;
            case "api-kill":
                Check(failedReads + failedWrites <= inFlightBound, $"{mark.Name}: only in-flight requests failed ({failedReads + failedWrites} ≤ {inFlightBound}, one per loop)");
                Check(reads.Any(Ok) && writes.Any(Ok), $"{mark.Name}: reads and writes went on through the other process");
                break;
            case "standby-stop":
                Check(failedReads <= inFlightBound, $"{mark.Name}: reads went on from the primary ({failedReads} failed, in-flight bound {inFlightBound})");
                Check(failedWrites == 0, $"{mark.Name}: no write failed");
                Check(reads.Any(Ok), $"{mark.Name}: reads answered");
                break;
            case "primary-stop":
                Check(failedReads <= inFlightBound, $"{mark.Name}: reads went on from the standby ({failedReads} failed, in-flight bound {inFlightBound})");
                Check(reads.Any(Ok), $"{mark.Name}: reads answered");
                var refused = writes.Where(Failed).ToList();
                Check(refused.Count > 0 && refused.All(sample => sample.Status == 503 && sample.RetryAfter), $"{mark.Name}: writes answered 503 with Retry-After ({refused.Count(sample => sample.Status == 503 && sample.RetryAfter)} of {refused.Count} refused writes)");
                break;
            case "promote":
                var firstOk = writes.Where(Ok).Select(sample => (long?)sample.AnsweredAtMs).Min();
                Check(firstOk is not null, $"{mark.Name}: writes resumed without restarting an API process" + (firstOk is { } at ? $" ({Seconds(at - mark.AtMs)} after the promotion)" : string.Empty));
                Check(failedReads <= inFlightBound, $"{mark.Name}: reads went on ({failedReads} failed)");
                // Each process finds the new primary on its own (its Host Recheck Seconds), so "resumed" is per process:
                // a write sent to a process after that process had answered a write 2xx must succeed too. Until then the
                // refusals must be the retryable kind.
                var lateFailures = writes
                    .Where(sample => sample.Server is not null)
                    .GroupBy(sample => sample.Server!)
                    .SelectMany(process =>
                    {
                        var resumedAt = process.Where(Ok).Select(sample => (long?)sample.AnsweredAtMs).Min() ?? long.MaxValue;
                        return process.Where(sample => Failed(sample) && sample.AnsweredAtMs - sample.Milliseconds > resumedAt);
                    })
                    .ToList();
                Check(lateFailures.Count == 0, $"{mark.Name}: no write sent to a process failed once that process had resumed writing ({lateFailures.Count} did)");
                Check(writes.Where(Failed).All(sample => sample.Status == 503 && sample.RetryAfter), $"{mark.Name}: writes refused before they resumed answered 503 with Retry-After");
                break;
        }
    }

    private void Check(bool passed, string what, IReadOnlyList<string>? details = null)
    {
        _checks.Add($"- {(passed ? "✓" : "✗")} {what}");
        if (!passed)
        {
            _failures.Add(what);
            foreach (var detail in (details ?? []).Take(10))
            {
                _checks.Add($"  - {detail}");
            }
        }
    }

    private static bool Ok(Sample sample) => sample.Status is >= 200 and < 300;

    private static bool Failed(Sample sample) => !Ok(sample);

    private static string Answer(Sample sample) => sample.Status switch
    {
        0 => $"no answer ({sample.NoAnswer})",
        503 when sample.RetryAfter => "503 + Retry-After",
        var status => status.ToString(CultureInfo.InvariantCulture),
    };

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
