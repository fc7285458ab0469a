#!/usr/bin/env bash
# BenchmarkDotNet micro-benchmarks of the GET /executors/{id} hot path (benchmarks/Executors.Benchmarks.Micro), in
# Release, with a short bounded job (MicroConfig: 1 launch, 3 warm-up + 10 measured iterations, in-process; a few
# minutes in all on 2 cores). Writes the reports to docs/benchmarks/micro.md.
#
#   benchmarks/micro.sh                       # every benchmark
#   benchmarks/micro.sh --filter '*Mapping*'  # any BenchmarkDotNet option (the report then holds only those)
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=benchmarks/Executors.Benchmarks.Micro
ARTIFACTS=$(mktemp -d)
REPORT=docs/benchmarks/micro.md
trap 'rm -rf "$ARTIFACTS"' EXIT

[ $# -eq 0 ] && set -- --filter '*'
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release "$PROJECT" -v quiet -nologo
# A hard bound, so that a stuck run on a busy machine cannot hold the machine.
timeout 900 dotnet "$PROJECT/bin/Release/net10.0/Executors.Benchmarks.Micro.dll" --artifacts "$ARTIFACTS" "$@"

mkdir -p "$(dirname "$REPORT")"
{
  echo "# Micro-benchmarks of the GET /executors/{id} hot path"
  echo
  echo "Made by \`benchmarks/micro.sh\` on $(date -u +%Y-%m-%d) (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))."
  echo "Short job (1 launch, 3 warm-up + 10 measured iterations, in-process). The machine is shared with other builds,"
  echo "so absolute times are noisy (compare rows within a table, and mind the Error/StdDev columns); the Allocated"
  echo "column is exact. What the figures mean: benchmarks/Executors.Benchmarks.Micro/README.md."
  for file in "$ARTIFACTS"/results/*-report-github.md; do
    name=$(basename "$file" -report-github.md)
    echo
    echo "## ${name##*.}"
    echo
    cat "$file"
  done
} > "$REPORT"
echo "Report: $REPORT"
