using System.Globalization;
using ScottPlot;

// Usage: Executors.Benchmarks.Chart SWEEP.csv OUTPUT.png
// The CSV has a header and rows "target,connections,requests_per_second,p99_ms" (target: api or raw).
if (args is not [var input, var output])
{
    Console.Error.WriteLine("usage: Executors.Benchmarks.Chart SWEEP.csv OUTPUT.png");
    return 2;
}

var rows = File.ReadAllLines(input)
    .Skip(1)
    .Where(line => line.Length > 0)
    .Select(line => line.Split(','))
    .Select(cells => (
        Target: cells[0],
        Connections: double.Parse(cells[1], CultureInfo.InvariantCulture),
        Rps: double.Parse(cells[2], CultureInfo.InvariantCulture),
        P99: double.Parse(cells[3], CultureInfo.InvariantCulture)))
    .ToList();

var multiplot = new Multiplot();
var throughput = multiplot.GetPlot(0);
var latency = multiplot.AddPlot();
foreach (var (target, label, color) in new[] { ("api", "Executors.Api", Colors.C0), ("raw", "raw Npgsql baseline", Colors.C1) })
{
    var series = rows.Where(row => row.Target == target).OrderBy(row => row.Connections).ToList();
    if (series.Count == 0)
    {
        continue;
    }

    // Connections 1, 8, 32, 128 are plotted evenly spaced on a log2 axis.
    double[] xs = [.. series.Select(row => Math.Log2(row.Connections))];
    var rps = throughput.Add.Scatter(xs, [.. series.Select(row => row.Rps)], color);
    rps.LegendText = label;
    rps.LineWidth = 2;
    rps.MarkerSize = 8;
    var p99 = latency.Add.Scatter(xs, [.. series.Select(row => row.P99)], color);
    p99.LegendText = label;
    p99.LineWidth = 2;
    p99.MarkerSize = 8;
}

double[] ticks = [.. rows.Select(row => row.Connections).Distinct().Order()];
foreach (var (plot, title, axis) in new[] { (throughput, "Throughput: GET /executors/{id}", "requests/s"), (latency, "Latency p99", "ms") })
{
    plot.Title(title);
    plot.YLabel(axis);
    plot.XLabel("connections (wrk)");
    plot.Axes.Bottom.SetTicks([.. ticks.Select(Math.Log2)], [.. ticks.Select(tick => tick.ToString(CultureInfo.InvariantCulture))]);
    plot.Axes.AutoScale();
    plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top * 1.1);
    plot.ShowLegend(Alignment.UpperLeft);
}

multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
multiplot.SavePng(output, 1200, 450);
Console.WriteLine($"wrote {output}");
return 0;
