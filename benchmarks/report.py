#!/usr/bin/env python3
"""benchmarks/run.sh's report: reads the measurements (results.csv) and prints the markdown report.

Usage: report.py RESULTS.csv --date D --commit C --machine M --command C --settings S --peak-rss-kb NAME=KB...
results.csv rows: scenario,target,round,connections,requests_per_second,p50_ms,p99_ms,errors,max_rss_kb.
Per scenario: each round's figures, the mean requests/s and the median p99 per target, and the ratios API/raw;
then the issue's targets with PASS/MISS and the margin. Standard library only.
"""
import argparse
import csv
import statistics

SCENARIOS = [
    ("get-uncached", "api-uncached", "GET /executors/{id}, API with `Caching:TerminatedExecutorBytes=0` vs raw: 95 % random existing ids of 1..N, 5 % unknown, 32 connections"),
    ("get-cached", "api-cached", "GET /executors/{id}, API as configured vs raw: TERMINATED executors of 1..5,000 only (the hot set fits the API's cache), 5 % unknown, 32 connections"),
    ("search", "api-cached", "POST /executors/search, a page of 50 of one random connector, API as configured vs raw keyset query, 32 connections"),
]
MEMORY_LIMIT_BYTES = 250_000_000


def number(value, digits=1):
    return f"{value:,.{digits}f}"


def margin(value, goal, at_least):
    """How far the measure is from its goal, positive when it passes."""
    return (value / goal - 1) * 100 if at_least else (1 - value / goal) * 100


def verdict(value, goal, at_least):
    passed = value >= goal if at_least else value <= goal
    return ("PASS" if passed else "**MISS**"), f"{margin(value, goal, at_least):+.0f} %"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    for name in ("date", "commit", "machine", "command", "settings"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--peak-rss-kb", nargs="*", default=[])
    arguments = parser.parse_args()

    with open(arguments.results, newline="") as file:
        rows = list(csv.DictReader(file))
    peaks = {name: int(kb) for name, kb in (item.split("=", 1) for item in arguments.peak_rss_kb)}

    out = [
        "| | |",
        "| --- | --- |",
        f"| Date | {arguments.date} |",
        f"| Commit | {arguments.commit} |",
        f"| Machine | {arguments.machine} |",
        f"| Command | `{arguments.command}` |",
        f"| Settings | {arguments.settings} |",
        "",
    ]
    ratios = {}
    errors_by_scenario = {}
    for scenario, api, description in SCENARIOS:
        measured = [row for row in rows if row["scenario"] == scenario]
        if not measured:
            continue
        out += [f"#### {scenario}: {description}", "",
                "| Round | Target | req/s | p50 ms | p99 ms | Errors | Max RSS MiB |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
        for row in measured:
            out.append(f"| {row['round']} | {row['target']} | {number(float(row['requests_per_second']))} | "
                       f"{row['p50_ms']} | {row['p99_ms']} | {row['errors']} | {int(row['max_rss_kb']) / 1024:.0f} |")
        summary = {}
        for target in (api, "raw"):
            mine = [row for row in measured if row["target"] == target]
            summary[target] = (statistics.mean(float(row["requests_per_second"]) for row in mine),
                               statistics.median(float(row["p99_ms"]) for row in mine),
                               sum(int(row["errors"]) for row in mine))
            out.append(f"| mean req/s, median p99 | {target} | **{number(summary[target][0])}** | | "
                       f"**{summary[target][1]:.2f}** | {summary[target][2]} | |")
        throughput = summary[api][0] / summary["raw"][0]
        p99 = summary[api][1] / summary["raw"][1]
        ratios[scenario] = (throughput, p99)
        errors_by_scenario[scenario] = summary[api][2] + summary["raw"][2]
        out += [f"| ratio API/raw | | **{throughput:.2f}** | | **{p99:.2f}** | | |", ""]

    sweep = [row for row in rows if row["scenario"] == "sweep"]
    if sweep:
        out += ["#### sweep: GET /executors/{id}, uncached API vs raw, one measurement per connection count "
                "(the chart)", "",
                "| Connections | API req/s | raw req/s | ratio | API p99 ms | raw p99 ms | ratio | Errors |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for connections in sorted({int(row["connections"]) for row in sweep}):
            pair = {row["target"]: row for row in sweep if int(row["connections"]) == connections}
            api, raw = pair.get("api-uncached"), pair.get("raw")
            if api is None or raw is None:
                continue
            api_rps, raw_rps = float(api["requests_per_second"]), float(raw["requests_per_second"])
            api_p99, raw_p99 = float(api["p99_ms"]), float(raw["p99_ms"])
            out.append(f"| {connections} | {number(api_rps)} | {number(raw_rps)} | {api_rps / raw_rps:.2f} | "
                       f"{api_p99:.2f} | {raw_p99:.2f} | {api_p99 / raw_p99:.2f} | "
                       f"{int(api['errors']) + int(raw['errors'])} |")
        out.append("")

    out += ["#### Targets", "", "| Target | Measured | Goal | Result | Margin |", "| --- | ---: | ---: | --- | ---: |"]
    goals = [
        # Issue 12 (issue 6 asked for 0.85: out of reach with the layers the design requires, docs/performance.md).
        ("get-uncached", 0, "GET uncached: throughput API/raw", 0.55, True),
        ("get-uncached", 1, "GET uncached: p99 API/raw", 1.5, False),
        ("get-cached", 0, "GET cached, TERMINATED hot set: throughput API/raw", 1.5, True),
        ("search", 0, "Search: throughput API/raw", 0.8, True),
    ]
    for scenario, index, label, goal, at_least in goals:
        if scenario not in ratios:
            out.append(f"| {label} | not measured | {'≥' if at_least else '≤'} {goal} | | |")
            continue
        value = ratios[scenario][index]
        result, gap = verdict(value, goal, at_least)
        out.append(f"| {label} | {value:.2f} | {'≥' if at_least else '≤'} {goal} | {result} | {gap} |")
    if "get-uncached" in errors_by_scenario:
        errors = errors_by_scenario["get-uncached"]
        out.append(f"| GET uncached: errors | {errors} | 0 | {'PASS' if errors == 0 else '**MISS**'} | |")
    if peaks:
        name, kb = max(peaks.items(), key=lambda item: item[1])
        value = kb * 1024
        result, gap = verdict(value, MEMORY_LIMIT_BYTES, False)
        others = ", ".join(f"{other} {other_kb * 1024 / 1e6:.0f} MB" for other, other_kb in sorted(peaks.items()))
        out.append(f"| API resident memory, peak (VmHWM over the run; {others}) | {value / 1e6:.0f} MB | < 250 MB | {result} | {gap} |")
    total_errors = sum(int(row["errors"]) for row in rows)
    out.append(f"| Errors in all measurements (unexpected answers + socket errors) | {total_errors} | 0 | "
               f"{'PASS' if total_errors == 0 else '**MISS**'} | |")
    out += ["", "Margin: how far the measure is from its goal, as a share of the goal (positive: met with room to spare)."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
