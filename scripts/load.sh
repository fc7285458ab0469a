#!/usr/bin/env bash
# Load and soak test of GET /executors/{executor_id}, on loopback only and bounded in time.
# See docs/operations.md for what it does and the figures of a soak run; --help for the options.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/load.sh [options]

Starts a throwaway PostgreSQL (.local/load/pgdata, port 5434 — never ./run.sh's data), builds and starts the API in
Release on http://127.0.0.1:5090 (plain HTTP: this measures the API, not TLS), seeds N executors, warms up, then
drives GET /executors/{id} with wrk (random existing ids, ~5 % unknown ones → 404) with HTTP Basic, sampling the
API's memory. Prints throughput, p50/p90/p99 latency, error counts and memory at start/end/peak, also as a markdown
table; exits 1 if any answer was unexpected (a non-2xx other than the 404s for unknown ids) or a socket failed.
Everything it started stops at the end, also on Ctrl-C/SIGTERM and on the watchdog.

Options (environment variable in brackets):
  -d, --duration SECONDS     measured run                                   [LOAD_DURATION, 30]
  -c, --connections N        concurrent connections                         [LOAD_CONNECTIONS, 32]
  -t, --threads N            wrk threads                                    [LOAD_THREADS, 2]
      --soak                 10 minutes at 32 connections after a 60 s warm-up, memory sampled every 10 s
  -n, --executors N          executors to seed (1..5000000)                 [LOAD_EXECUTORS, 100000]
      --missing-percent P    share of unknown ids requested                 [LOAD_MISSING_PERCENT, 5]
      --warmup SECONDS       unmeasured warm-up before the run              [LOAD_WARMUP, 15; soak 60]
      --sample-every SECONDS memory sampling interval                       [LOAD_SAMPLE_EVERY, 5; soak 10]
      --api-port PORT        the API's loopback port                        [LOAD_API_PORT, 5090]
      --pg-port PORT         the load cluster's loopback port               [LOAD_PG_PORT, 5434]
      --reuse                keep .local/load/pgdata when it already holds exactly N seeded executors
                             (default: a fresh cluster, initdb and seed every run)
      --no-build             run the API already published in .local/load/api
  -h, --help                 this text

Needs: the .NET 10 SDK, PostgreSQL's server binaries (PG_BIN, or /usr/lib/postgresql/*/bin) and wrk
(Debian: apt-get install wrk). Run as root with apt-get, it installs the missing PostgreSQL and wrk itself.
Files: .local/load/ (git-ignored): pgdata/, postgres.log, api/ (the Release build), api.log, memory.csv,
summary.txt, wrk.txt, report.md.
USAGE
}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRIPT_NAME=load.sh
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
LOAD_DIR="$ROOT/.local/load"
PGDATA_DIR="$LOAD_DIR/pgdata"
PGLOG="$LOAD_DIR/postgres.log"
API_DIR="$LOAD_DIR/api"
LUA="$ROOT/scripts/load/executors.lua"

DURATION="${LOAD_DURATION:-30}"
CONNECTIONS="${LOAD_CONNECTIONS:-32}"
THREADS="${LOAD_THREADS:-2}"
EXECUTORS="${LOAD_EXECUTORS:-100000}"
MISSING_PERCENT="${LOAD_MISSING_PERCENT:-5}"
WARMUP="${LOAD_WARMUP:-}"
SAMPLE_EVERY="${LOAD_SAMPLE_EVERY:-}"
API_PORT="${LOAD_API_PORT:-5090}"
PG_PORT="${LOAD_PG_PORT:-5434}"
REUSE=0
BUILD=1
MODE=load

while [ $# -gt 0 ]; do
  case "$1" in
    -d|--duration) DURATION="${2:?}"; shift 2 ;;
    -c|--connections) CONNECTIONS="${2:?}"; shift 2 ;;
    -t|--threads) THREADS="${2:?}"; shift 2 ;;
    -n|--executors) EXECUTORS="${2:?}"; shift 2 ;;
    --missing-percent) MISSING_PERCENT="${2:?}"; shift 2 ;;
    --warmup) WARMUP="${2:?}"; shift 2 ;;
    --sample-every) SAMPLE_EVERY="${2:?}"; shift 2 ;;
    --api-port) API_PORT="${2:?}"; shift 2 ;;
    --pg-port) PG_PORT="${2:?}"; shift 2 ;;
    --soak) MODE=soak; DURATION=600; CONNECTIONS=32; shift ;;
    --reuse) REUSE=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
# A soak measures from a warm process: 60 s fill the API's caches (at ~500 req/s, the 10,000 cached TERMINATED executors).
[ -n "$SAMPLE_EVERY" ] || { [ "$MODE" = soak ] && SAMPLE_EVERY=10 || SAMPLE_EVERY=5; }
[ -n "$WARMUP" ] || { [ "$MODE" = soak ] && WARMUP=60 || WARMUP=15; }

is_count "$DURATION" 1 86400 || die "--duration takes whole seconds (1..86400), not '$DURATION'"
is_count "$CONNECTIONS" 1 10000 || die "--connections takes a number from 1, not '$CONNECTIONS'"
is_count "$THREADS" 1 256 || die "--threads takes a number from 1, not '$THREADS'"
[ "$THREADS" -le "$CONNECTIONS" ] || die "--threads ($THREADS) cannot exceed --connections ($CONNECTIONS)"
is_count "$EXECUTORS" 1 5000000 || die "--executors takes a number from 1 to 5000000, not '$EXECUTORS'"
is_count "$MISSING_PERCENT" 0 100 || die "--missing-percent takes a number from 0 to 100"
is_count "$WARMUP" 0 3600 || die "--warmup takes whole seconds"
is_count "$SAMPLE_EVERY" 1 3600 || die "--sample-every takes whole seconds"
is_count "$API_PORT" 1 65535 || die "--api-port takes a port number"
is_count "$PG_PORT" 1 65535 || die "--pg-port takes a port number"

# --- tools ----------------------------------------------------------------------------------------------------------
find_tools
port_busy "$PG_PORT" && die "127.0.0.1:$PG_PORT is in use; pick another with --pg-port"
port_busy "$API_PORT" && die "127.0.0.1:$API_PORT is in use; pick another with --api-port"

# --- clean-up, whatever happens ---------------------------------------------------------------------------------------
install_cleanup
# The watchdog: whatever hangs (build, seed, start-up, wrk), the whole run ends within this bound.
start_watchdog $((WARMUP + DURATION + 1200))

mkdir -p "$LOAD_DIR"

# --- PostgreSQL: a cluster of its own ---------------------------------------------------------------------------------
start_cluster "$REUSE"

# --- the API, in Release ----------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ] || [ ! -s "$API_DIR/Executors.Api.dll" ]; then
  publish_release src/Executors.Api "$API_DIR" "the API"
fi

# A load user with a throwaway password; only its PBKDF2 hash goes to the API.
make_load_user "$API_DIR"

API_URL="http://127.0.0.1:$API_PORT"
say "Starting the API (Release, Production) on $API_URL; log in .local/load/api.log"
# Far above what the load sends: the per-user rate limiter must not be what is measured.
start_executors_api "$API_DIR" "$API_URL" "$LOAD_DIR/api.log" RateLimiting__PermitLimit=1000000
API_PID=$APP_PID
wait_ready "the API" "$API_PID" "$API_URL" "$LOAD_DIR/api.log"

# --- the seed ---------------------------------------------------------------------------------------------------------
seed_executors "$EXECUTORS"

# --- warm-up, then the measured run -----------------------------------------------------------------------------------
export LOAD_EXECUTORS="$EXECUTORS" LOAD_MISSING_PERCENT="$MISSING_PERCENT" LOAD_AUTHORIZATION="$AUTHORIZATION" \
  LOAD_CHECK_IDS="$CHECK_IDS"
curl -fs -o /dev/null -H "Authorization: $AUTHORIZATION" "$API_URL/executors/$FIRST_ID" \
  || die "GET /executors/$FIRST_ID with the load user did not answer 200; see .local/load/api.log"

if [ "$WARMUP" -gt 0 ]; then
  say "Warming up for $WARMUP s ($CONNECTIONS connections)"
  run_wrk "$API_URL" "$LUA" "$CONNECTIONS" "$THREADS" "$WARMUP" "$LOAD_DIR/warmup-summary.txt" "$LOAD_DIR/warmup-wrk.txt"
fi

CSV="$LOAD_DIR/memory.csv"
echo "elapsed_s,vmrss_kb,vmhwm_kb" >"$CSV"
RUN_START=$(date +%s)
MEM_START=$(memory_kb "$API_PID" VmRSS)
echo "0,$MEM_START,$(memory_kb "$API_PID" VmHWM)" >>"$CSV"
start_memory_sampler "$API_PID" "$SAMPLE_EVERY" "$CSV" "$RUN_START"

say "Measuring for $DURATION s: $CONNECTIONS connections, $THREADS threads, $EXECUTORS executors, ${MISSING_PERCENT} % unknown ids (memory every $SAMPLE_EVERY s in .local/load/memory.csv)"
SUMMARY="$LOAD_DIR/summary.txt"
run_wrk "$API_URL" "$LUA" "$CONNECTIONS" "$THREADS" "$DURATION" "$SUMMARY" "$LOAD_DIR/wrk.txt"
stop_memory_sampler
MEM_END=$(memory_kb "$API_PID" VmRSS)
MEM_PEAK=$(memory_kb "$API_PID" VmHWM)
echo "$(( $(date +%s) - RUN_START )),$MEM_END,$MEM_PEAK" >>"$CSV"
kill -0 "$API_PID" 2>/dev/null || die "the API died during the run; see .local/load/api.log"
API_WARNINGS=$(grep -c . "$LOAD_DIR/api.log" || true)

# --- the report -------------------------------------------------------------------------------------------------------
mib() { awk -v kb="$1" 'BEGIN { printf "%.0f MiB", kb / 1024 }'; }
# Flatness: the mean RSS of the last fifth of the samples against the first fifth's.
TREND=$(awk -F, 'NR > 1 { rss[++n] = $2 } END {
  k = int(n / 5); if (k < 1) k = 1
  for (i = 1; i <= k; i++) { a += rss[i]; b += rss[n - k + i] }
  printf "%.1f", (b / k - a / k) * 100 / (a / k) }' "$CSV")
# The range once the first tenth of the run is over (caches and GC heaps settle in the first minute or so).
SETTLED=$(awk -F, -v from="$((DURATION / 10))" 'NR > 1 && $1 >= from { if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
  END { printf "%.0f–%.0f MiB", min / 1024, max / 1024 }' "$CSV")

S="$SUMMARY"
UNEXPECTED=$(value_of unexpected "$S")
SOCKET_ERRORS=$(value_of socket_errors "$S")
COMMIT=$(source_commit)
DIRTY=$(local_changes_note)
MACHINE=$(machine_description)
COMMAND="scripts/load.sh $([ "$MODE" = soak ] && echo "--soak" || echo "--duration $DURATION --connections $CONNECTIONS") --executors $EXECUTORS"
EXPECTED_404=$(value_of expected_404 "$S")
UNVERIFIED=$(value_of unverified_404 "$S")

REPORT="$LOAD_DIR/report.md"
cat >"$REPORT" <<REPORT
| Figure | Value |
| --- | --- |
| Date | $(date -u +"%Y-%m-%d %H:%M UTC") |
| Commit | \`$COMMIT\`$DIRTY |
| Machine | $MACHINE |
| Command | \`$COMMAND\` |
| Load | $DURATION s after a $WARMUP s warm-up, $CONNECTIONS connections, $THREADS wrk threads, $EXECUTORS executors, ${MISSING_PERCENT} % unknown ids |
| Requests | $(value_of requests "$S") ($(value_of requests_per_s "$S") req/s) |
| Latency p50 / p90 / p99 / max | $(value_of latency_p50_ms "$S") / $(value_of latency_p90_ms "$S") / $(value_of latency_p99_ms "$S") / $(value_of latency_max_ms "$S") ms |
| Non-2xx | $(value_of non_2xx "$S"): $EXPECTED_404 expected 404 for unknown ids$([ "$UNVERIFIED" = 0 ] || echo ", $UNVERIFIED 404 naming no id") |
| Unexpected answers | $UNEXPECTED (404 for an existing id: $(value_of unexpected_404 "$S"), 200 for an unknown one: $(value_of unexpected_200 "$S"), other statuses: $(value_of unexpected_other "$S")$(o=$(value_of other_statuses "$S"); [ -z "$o" ] || echo " [$o]")) |
| Socket errors | $SOCKET_ERRORS ($(value_of socket_errors_detail "$S")) |
| API memory (RSS) | start $(mib "$MEM_START"), end $(mib "$MEM_END"), peak $(mib "$MEM_PEAK"); from $((DURATION / 10)) s on ${SETTLED}; last fifth vs first fifth of the samples: ${TREND} % |
| API log lines (warnings, errors) | $API_WARNINGS |
REPORT

echo
cat "$REPORT"
echo
echo "wrk's own output: .local/load/wrk.txt; memory samples: .local/load/memory.csv; this table: .local/load/report.md"

if [ "$UNEXPECTED" != 0 ] || [ "$SOCKET_ERRORS" != 0 ]; then
  printf 'load.sh: FAILED: %s unexpected answers, %s socket errors\n' "$UNEXPECTED" "$SOCKET_ERRORS" >&2
  exit 1
fi
say "No errors."
