#!/usr/bin/env bash
# The load benchmark: Executors.Api against the raw Npgsql baseline, as ratios measured in one run, on loopback only
# and bounded in time. See docs/performance.md for how to read it; --help for the options.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: benchmarks/run.sh [options]

Starts a throwaway PostgreSQL (.local/bench/pgdata, port 5435) with N seeded executors (scripts/load/seed.sql),
publishes in Release and starts three apps on it, with the same load user (HTTP Basic, throwaway password):
  api-cached    Executors.Api as configured by default (rate limiting off), http://127.0.0.1:5091
  api-uncached  the same with Caching:TerminatedExecutorBytes=0,            http://127.0.0.1:5093
  raw           benchmarks/Executors.Benchmarks.Raw (NpgsqlDataSource),     http://127.0.0.1:5092
checks that they answer alike (the correctness gate: ~60 ids and a two-page search; it stops on any difference),
then measures with wrk, 2 threads, alternating API and raw over the rounds (A B A B …) after one unmeasured warm-up
of each:
  get-uncached  GET /executors/{id}, api-uncached vs raw, 95 % random existing ids, 5 % unknown, 32 connections
  get-cached    the same for api-cached vs raw on TERMINATED executors of 1..5000 only (fit the API's cache)
  search        POST /executors/search, a page of 50 of one random connector, api-cached vs raw, 32 connections
  sweep         get-uncached's mix at 1, 8, 32 and 128 connections, one measurement each (the chart)
Prints a markdown report (also .local/bench/report.md): every measurement, mean req/s and median p99 per target, the
ratios API/raw and the issue's targets with PASS/MISS; draws .local/bench/performance.png. Exits 1 if any
measurement had errors (unexpected answers or socket errors), not on a missed target. Everything it started stops at
the end, also on Ctrl-C/SIGTERM and on the watchdog.

Options (environment variable in brackets):
  -n, --executors N        executors to seed (1000..5000000)                [BENCH_EXECUTORS, 100000]
  -r, --rounds N           measured rounds per scenario and target          [BENCH_ROUNDS, 3]
  -d, --duration SECONDS   each measurement                                 [BENCH_DURATION, 20]
      --warmup SECONDS     the unmeasured warm-up per scenario and target   [BENCH_WARMUP, 5]
      --sweep-duration S   each measurement of the sweep                    [BENCH_SWEEP_DURATION, 10]
      --scenarios LIST     comma-separated, of get-uncached,get-cached,search,sweep (default: all)
      --quick              for trying it out: 20,000 executors, 1 round, 5 s measurements, 2 s warm-ups, sweep 3 s
                           (explicit options still win)
      --write-docs         put the report into docs/performance.md (between its results markers) and the chart
                           into docs/images/performance.png
      --pg-port PORT       the benchmark cluster's loopback port            [BENCH_PG_PORT, 5435]
      --api-port PORT      api-cached's loopback port                       [BENCH_API_PORT, 5091]
      --uncached-port PORT api-uncached's loopback port                     [BENCH_UNCACHED_PORT, 5093]
      --raw-port PORT      the raw baseline's loopback port                 [BENCH_RAW_PORT, 5092]
      --reuse              keep .local/bench/pgdata when it already holds exactly N seeded executors
      --no-build           run the apps already published in .local/bench
  -h, --help               this text

The default run takes about 9 minutes on 2 cores (publish and seed included); --quick about 2.
Needs: the .NET 10 SDK, PostgreSQL's server binaries (PG_BIN, or /usr/lib/postgresql/*/bin), wrk
(Debian: apt-get install wrk) and python3. Run as root with apt-get, it installs the missing PostgreSQL and wrk.
Files: .local/bench/ (git-ignored): pgdata/, postgres.log, api/, raw/, chart/ (the Release builds), api-cached.log,
api-uncached.log, raw.log, runs/ (every wrk output, summary and memory samples), results.csv, sweep.csv, report.md,
performance.png.
USAGE
}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRIPT_NAME=run.sh
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
BENCH_DIR="$ROOT/.local/bench"
PGDATA_DIR="$BENCH_DIR/pgdata"
PGLOG="$BENCH_DIR/postgres.log"
RUNS_DIR="$BENCH_DIR/runs"
GET_LUA="$ROOT/scripts/load/executors.lua"
SEARCH_LUA="$ROOT/benchmarks/search.lua"
ALL_SCENARIOS="get-uncached,get-cached,search,sweep"

EXECUTORS="${BENCH_EXECUTORS:-}"
ROUNDS="${BENCH_ROUNDS:-}"
DURATION="${BENCH_DURATION:-}"
WARMUP="${BENCH_WARMUP:-}"
SWEEP_DURATION="${BENCH_SWEEP_DURATION:-}"
PG_PORT="${BENCH_PG_PORT:-5435}"
API_PORT="${BENCH_API_PORT:-5091}"
UNCACHED_PORT="${BENCH_UNCACHED_PORT:-5093}"
RAW_PORT="${BENCH_RAW_PORT:-5092}"
SCENARIOS="$ALL_SCENARIOS"
QUICK=0
WRITE_DOCS=0
REUSE=0
BUILD=1
ARGUMENTS=("$@")

while [ $# -gt 0 ]; do
  case "$1" in
    -n|--executors) EXECUTORS="${2:?}"; shift 2 ;;
    -r|--rounds) ROUNDS="${2:?}"; shift 2 ;;
    -d|--duration) DURATION="${2:?}"; shift 2 ;;
    --warmup) WARMUP="${2:?}"; shift 2 ;;
    --sweep-duration) SWEEP_DURATION="${2:?}"; shift 2 ;;
    --scenarios) SCENARIOS="${2:?}"; shift 2 ;;
    --pg-port) PG_PORT="${2:?}"; shift 2 ;;
    --api-port) API_PORT="${2:?}"; shift 2 ;;
    --uncached-port) UNCACHED_PORT="${2:?}"; shift 2 ;;
    --raw-port) RAW_PORT="${2:?}"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --write-docs) WRITE_DOCS=1; shift ;;
    --reuse) REUSE=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  : "${EXECUTORS:=20000}" "${ROUNDS:=1}" "${DURATION:=5}" "${WARMUP:=2}" "${SWEEP_DURATION:=3}"
else
  : "${EXECUTORS:=100000}" "${ROUNDS:=3}" "${DURATION:=20}" "${WARMUP:=5}" "${SWEEP_DURATION:=10}"
fi

is_count "$EXECUTORS" 1000 5000000 || die "--executors takes a number from 1000 to 5000000, not '$EXECUTORS'"
is_count "$ROUNDS" 1 20 || die "--rounds takes a number from 1 to 20, not '$ROUNDS'"
is_count "$DURATION" 1 3600 || die "--duration takes whole seconds (1..3600), not '$DURATION'"
is_count "$WARMUP" 0 600 || die "--warmup takes whole seconds (0..600), not '$WARMUP'"
is_count "$SWEEP_DURATION" 1 3600 || die "--sweep-duration takes whole seconds (1..3600), not '$SWEEP_DURATION'"
for port in "$PG_PORT" "$API_PORT" "$UNCACHED_PORT" "$RAW_PORT"; do
  is_count "$port" 1 65535 || die "ports are numbers from 1 to 65535, not '$port'"
done
[ "$(printf '%s\n' "$PG_PORT" "$API_PORT" "$UNCACHED_PORT" "$RAW_PORT" | sort -u | wc -l)" = 4 ] \
  || die "the four ports must differ"
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
[ "${#SCENARIO_LIST[@]}" -gt 0 ] || die "--scenarios needs at least one of $ALL_SCENARIOS"
for scenario in "${SCENARIO_LIST[@]}"; do
  [[ ",$ALL_SCENARIOS," == *",$scenario,"* ]] || die "unknown scenario '$scenario' (known: $ALL_SCENARIOS)"
done
wants() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

# --- tools ----------------------------------------------------------------------------------------------------------
find_tools
command -v python3 >/dev/null || die "python3 is needed for the correctness gate and the report (apt-get install python3)"
port_busy "$PG_PORT" && die "127.0.0.1:$PG_PORT is in use; pick another with --pg-port"
port_busy "$API_PORT" && die "127.0.0.1:$API_PORT is in use; pick another with --api-port"
port_busy "$UNCACHED_PORT" && die "127.0.0.1:$UNCACHED_PORT is in use; pick another with --uncached-port"
port_busy "$RAW_PORT" && die "127.0.0.1:$RAW_PORT is in use; pick another with --raw-port"

# --- clean-up and the time bound --------------------------------------------------------------------------------------
install_cleanup
# Each measurement costs its duration plus a few seconds of start and stop; publish and seed get 20 minutes.
MEASUREMENTS=$(( 3 * 2 * (ROUNDS * (DURATION + 5) + WARMUP + 5) + 2 * (WARMUP + 5) + 8 * (SWEEP_DURATION + 5) ))
start_watchdog $(( MEASUREMENTS + 1200 ))

mkdir -p "$BENCH_DIR"
rm -rf "$RUNS_DIR"
mkdir -p "$RUNS_DIR"

# --- PostgreSQL, the builds, the apps, the seed -----------------------------------------------------------------------
# Three apps share the cluster, each with a pool of up to 50 connections: PostgreSQL's default max_connections (100)
# would refuse some ("sorry, too many clients already") once the pools have filled up at 128 connections.
start_cluster "$REUSE" "-c max_connections=200"

publish_if_needed() {  # project out-dir dll label
  if [ "$BUILD" = 1 ] || [ ! -s "$2/$3" ]; then publish_release "$1" "$2" "$4"; fi
}
publish_if_needed src/Executors.Api "$BENCH_DIR/api" Executors.Api.dll "the API"
publish_if_needed benchmarks/Executors.Benchmarks.Raw "$BENCH_DIR/raw" Executors.Benchmarks.Raw.dll "the raw baseline"
publish_if_needed benchmarks/Executors.Benchmarks.Chart "$BENCH_DIR/chart" Executors.Benchmarks.Chart.dll "the chart tool"

make_load_user "$BENCH_DIR/api"

declare -A URL PID
URL[api-cached]="http://127.0.0.1:$API_PORT"
URL[api-uncached]="http://127.0.0.1:$UNCACHED_PORT"
URL[raw]="http://127.0.0.1:$RAW_PORT"

say "Starting api-cached on ${URL[api-cached]} (it migrates the database); log in .local/bench/api-cached.log"
start_executors_api "$BENCH_DIR/api" "${URL[api-cached]}" "$BENCH_DIR/api-cached.log" RateLimiting__PermitLimit=0
PID[api-cached]=$APP_PID
wait_ready api-cached "$APP_PID" "${URL[api-cached]}" "$BENCH_DIR/api-cached.log"

seed_executors "$EXECUTORS"

say "Starting api-uncached on ${URL[api-uncached]}; log in .local/bench/api-uncached.log"
start_executors_api "$BENCH_DIR/api" "${URL[api-uncached]}" "$BENCH_DIR/api-uncached.log" RateLimiting__PermitLimit=0 \
  Caching__TerminatedExecutorBytes=0
PID[api-uncached]=$APP_PID
wait_ready api-uncached "$APP_PID" "${URL[api-uncached]}" "$BENCH_DIR/api-uncached.log"

say "Starting raw on ${URL[raw]}; log in .local/bench/raw.log"
mapfile -t RAW_ENVIRONMENT < <(load_app_environment)
# The API's own pool limit (Maximum Pool Size=50, ADR 9) instead of Npgsql's 100: the same resources on both sides.
start_dotnet_app "$BENCH_DIR/raw" Executors.Benchmarks.Raw.dll "${URL[raw]}" "$BENCH_DIR/raw.log" \
  ASPNETCORE_ENVIRONMENT=Production "${RAW_ENVIRONMENT[@]}" \
  "$(printf '%s\n' "${RAW_ENVIRONMENT[@]}" | grep '^ConnectionStrings__Executors=');Maximum Pool Size=50"
PID[raw]=$APP_PID
wait_ready raw "$APP_PID" "${URL[raw]}" "$BENCH_DIR/raw.log"

# --- the correctness gate ---------------------------------------------------------------------------------------------
# RUNNING (n % 10 == 0), TERMINATED, with errors (n % 20 == 3) and unknown (> N) executors, spread over 1..N.
GATE_NUMBERS=()
for k in $(seq 1 15); do GATE_NUMBERS+=($(( k * (EXECUTORS / 16) / 10 * 10 ))); done
for k in $(seq 1 25); do n=$(( k * (EXECUTORS / 26) )); [ $((n % 10)) = 0 ] && n=$((n + 1)); GATE_NUMBERS+=("$n"); done
for k in $(seq 0 9); do GATE_NUMBERS+=($(( k * (EXECUTORS / 10 / 20) * 20 + 3 ))); done
for k in $(seq 1 10); do GATE_NUMBERS+=($(( EXECUTORS + k * (EXECUTORS / 10) ))); done
say "Correctness gate: ${#GATE_NUMBERS[@]} ids and a two-page search, compared across api-cached, api-uncached and raw"
GATE_IDS=$(ids_of "${GATE_NUMBERS[@]}")
in_background python3 "$ROOT/benchmarks/gate.py" "$AUTHORIZATION" "$GATE_IDS" kucoin \
  "raw=${URL[raw]}" "api-cached=${URL[api-cached]}" "api-uncached=${URL[api-uncached]}" \
  || { printf '%s: the correctness gate failed (differences above): nothing was measured\n' "$SCRIPT_NAME" >&2; exit 1; }

# --- measuring --------------------------------------------------------------------------------------------------------
export LOAD_EXECUTORS="$EXECUTORS" LOAD_MISSING_PERCENT=5 LOAD_AUTHORIZATION="$AUTHORIZATION" LOAD_CHECK_IDS="$CHECK_IDS"
RESULTS="$BENCH_DIR/results.csv"
echo "scenario,target,round,connections,requests_per_second,p50_ms,p99_ms,errors,max_rss_kb" >"$RESULTS"

alive() { kill -0 "${PID[$1]}" 2>/dev/null || die "$1 died during the run; see .local/bench/$1.log"; }

warm_up() {  # scenario target lua
  [ "$WARMUP" -gt 0 ] || return 0
  run_wrk "${URL[$2]}" "$3" 32 2 "$WARMUP" "$RUNS_DIR/$1-$2-warmup.summary" "$RUNS_DIR/$1-$2-warmup.wrk.txt"
  alive "$2"
}

# One measurement: wrk against the target while its VmRSS is sampled every second; a row of results.csv.
measure() {  # scenario target round connections seconds lua
  local scenario="$1" target="$2" round="$3" connections="$4" seconds="$5" lua="$6"
  local name="$RUNS_DIR/$scenario-$target-$round-c$connections" start rss errors
  start=$(date +%s)
  echo "0,$(memory_kb "${PID[$target]}" VmRSS),$(memory_kb "${PID[$target]}" VmHWM)" >"$name.memory.csv"
  start_memory_sampler "${PID[$target]}" 1 "$name.memory.csv" "$start"
  run_wrk "${URL[$target]}" "$lua" "$connections" "$(( connections < 2 ? 1 : 2 ))" "$seconds" "$name.summary" "$name.wrk.txt"
  stop_memory_sampler
  alive "$target"
  echo "$(( $(date +%s) - start )),$(memory_kb "${PID[$target]}" VmRSS),$(memory_kb "${PID[$target]}" VmHWM)" >>"$name.memory.csv"
  rss=$(awk -F, '$2 > max { max = $2 } END { print max }' "$name.memory.csv")
  errors=$(( $(value_of unexpected "$name.summary") + $(value_of socket_errors "$name.summary") ))
  echo "$scenario,$target,$round,$connections,$(value_of requests_per_s "$name.summary"),$(value_of latency_p50_ms "$name.summary"),$(value_of latency_p99_ms "$name.summary"),$errors,$rss" >>"$RESULTS"
  printf '    %-12s %-12s round %s, %3s connections: %8s req/s, p50 %7s ms, p99 %7s ms, %s errors, max RSS %s MiB\n' \
    "$scenario" "$target" "$round" "$connections" "$(value_of requests_per_s "$name.summary")" \
    "$(value_of latency_p50_ms "$name.summary")" "$(value_of latency_p99_ms "$name.summary")" "$errors" "$(( rss / 1024 ))"
}

# A scenario: a warm-up of each target, then rounds of A B at 32 connections.
scenario() {  # name api-target lua
  say "Scenario $1: $2 vs raw, $ROUNDS round(s) of $DURATION s at 32 connections after $WARMUP s warm-ups"
  warm_up "$1" "$2" "$3"
  warm_up "$1" raw "$3"
  for round in $(seq 1 "$ROUNDS"); do
    measure "$1" "$2" "$round" 32 "$DURATION" "$3"
    measure "$1" raw "$round" 32 "$DURATION" "$3"
  done
}

if wants get-uncached; then scenario get-uncached api-uncached "$GET_LUA"; fi
if wants get-cached; then
  LOAD_HOT_SET=$(( EXECUTORS < 5000 ? EXECUTORS : 5000 )) LOAD_TERMINATED_ONLY=1
  export LOAD_HOT_SET LOAD_TERMINATED_ONLY
  scenario get-cached api-cached "$GET_LUA"
  unset LOAD_HOT_SET LOAD_TERMINATED_ONLY
fi
if wants search; then scenario search api-cached "$SEARCH_LUA"; fi
SWEEP="$BENCH_DIR/sweep.csv"
echo "target,connections,requests_per_second,p99_ms" >"$SWEEP"
if wants sweep; then
  say "Scenario sweep: api-uncached vs raw at 1, 8, 32 and 128 connections, $SWEEP_DURATION s each"
  warm_up sweep api-uncached "$GET_LUA"
  warm_up sweep raw "$GET_LUA"
  for connections in 1 8 32 128; do
    measure sweep api-uncached 1 "$connections" "$SWEEP_DURATION" "$GET_LUA"
    measure sweep raw 1 "$connections" "$SWEEP_DURATION" "$GET_LUA"
  done
  awk -F, -v OFS=, '$1 == "sweep" { print ($2 == "raw" ? "raw" : "api"), $4, $5, $7 }' "$RESULTS" >>"$SWEEP"
fi

# --- the report -------------------------------------------------------------------------------------------------------
PEAKS=()
for target in api-cached api-uncached; do PEAKS+=("$target=$(memory_kb "${PID[$target]}" VmHWM)"); done
REPORT="$BENCH_DIR/report.md"
python3 "$ROOT/benchmarks/report.py" "$RESULTS" \
  --date "$(date -u +"%Y-%m-%d %H:%M UTC")" \
  --commit "\`$(source_commit)\`$(local_changes_note)" \
  --machine "$(machine_description)" \
  --command "benchmarks/run.sh${ARGUMENTS[*]:+ ${ARGUMENTS[*]}}" \
  --settings "$EXECUTORS executors, $ROUNDS round(s) of $DURATION s per target and scenario after a $WARMUP s warm-up, sweep $SWEEP_DURATION s per point, wrk 2 threads" \
  --peak-rss-kb "${PEAKS[@]}" >"$REPORT"
echo
cat "$REPORT"
echo

if wants sweep; then
  in_background dotnet "$BENCH_DIR/chart/Executors.Benchmarks.Chart.dll" "$SWEEP" "$BENCH_DIR/performance.png" >/dev/null
fi

if [ "$WRITE_DOCS" = 1 ]; then
  DOC="$ROOT/docs/performance.md"
  if [ ! -f "$DOC" ]; then
    cat >"$DOC" <<'INTRO'
# Performance

`benchmarks/run.sh` measures Executors.Api under load against a **raw baseline** — a minimal ASP.NET Core app
(`benchmarks/Executors.Benchmarks.Raw`) doing the same work directly on an `NpgsqlDataSource`: the same query, the same
HTTP Basic check with a cached verification, the same JSON. That baseline is the practical limit of this stack, so
the API's figures are read as **ratios API/raw** measured in one run.

```bash
benchmarks/run.sh                 # the real run: 100,000 executors, 3 rounds of 20 s per target (~12 minutes)
benchmarks/run.sh --quick         # to try it out (~4 minutes): 20,000 executors, 1 round of 5 s
benchmarks/run.sh --write-docs    # the same, and the report below and the chart are replaced
benchmarks/run.sh --help          # every option
```

What it measures, on loopback only, with wrk on the same machine: `GET /executors/{id}` without the API's cache of
TERMINATED executors (`get-uncached`), with it on a TERMINATED-heavy hot set (`get-cached`), `POST /executors/search`
for a page of 50 of one connector (`search`), and the uncached GET at 1, 8, 32 and 128 connections (`sweep`, the
chart). Before measuring, a correctness gate checks that the three apps answer ~60 ids and a two-page search alike.
Each scenario alternates API and raw over several rounds (A B A B …) after a warm-up of each, so that the machine's
drift falls on both sides.

How to read it: a throughput ratio of 0.9 means the API serves 90 % of the requests per second the raw endpoint
serves on the same machine at the same moment; a p99 ratio of 1.2 means its 99th-percentile latency is 20 % longer.
Absolute figures depend on the machine (wrk, PostgreSQL and the apps share its cores); the ratios much less. The
memory figure is the API process's peak resident set (VmHWM) over the whole run.

![Throughput and p99 latency of GET /executors/{id}, API (uncached) and raw baseline, at 1, 8, 32 and 128 connections](images/performance.png)

## Results

<!-- results:start -->
<!-- results:end -->
INTRO
  fi
  grep -q '^<!-- results:start -->$' "$DOC" && grep -q '^<!-- results:end -->$' "$DOC" \
    || die "docs/performance.md has no <!-- results:start --> / <!-- results:end --> lines to put the report between"
  awk -v report="$REPORT" '
    /^<!-- results:end -->$/ { skipping = 0 }
    !skipping { print }
    /^<!-- results:start -->$/ { while ((getline line < report) > 0) print line; skipping = 1 }
  ' "$DOC" >"$DOC.new"
  mv "$DOC.new" "$DOC"
  if wants sweep; then
    mkdir -p "$ROOT/docs/images"
    cp "$BENCH_DIR/performance.png" "$ROOT/docs/images/performance.png"
  fi
  say "Wrote the report into docs/performance.md$(wants sweep && echo " and the chart into docs/images/performance.png")"
fi

echo "Every measurement: .local/bench/results.csv (wrk's outputs in .local/bench/runs/); this report: .local/bench/report.md"
TOTAL_ERRORS=$(awk -F, 'NR > 1 { sum += $8 } END { print sum + 0 }' "$RESULTS")
if [ "$TOTAL_ERRORS" != 0 ]; then
  printf '%s: FAILED: %s errors (unexpected answers + socket errors) in the measurements; see .local/bench/runs/\n' \
    "$SCRIPT_NAME" "$TOTAL_ERRORS" >&2
  exit 1
fi
say "No errors."
