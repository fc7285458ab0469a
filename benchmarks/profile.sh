#!/usr/bin/env bash
# Where a GET's CPU goes: the API (uncached, or as configured) and the raw baseline under the benchmark's GET mix, each
# measured as CPU time per request (/proc/PID/stat, user and kernel) and, with --perf, sampled by perf with the JIT's
# symbol maps. Uses the benchmark's cluster and builds (.local/bench: run benchmarks/run.sh once first). Loopback only;
# everything it starts stops at the end. See docs/performance.md ("Where the API's CPU goes").
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: benchmarks/profile.sh [options]
  -d, --duration SECONDS   each measurement (default 10), after a warm-up of the same length
  -r, --rounds N           measurements per app, alternating API and raw (default 2)
  -c, --connections N      wrk's connections (default 32)
  -n, --executors N        executors seeded in .local/bench/pgdata by the last benchmark run (default 100000)
      --mix NAME           uncached (default: the API without its cache, get-uncached's mix), unknown (unknown ids
                           only: every answer a 404), cached (TERMINATED hot set, API as configured), 404-vs-200
                           (the uncached API only, alternating all-unknown and all-existing ids in one process)
      --perf               also record perf samples (needs perf) of the last round of each app: .local/profile/*.perf.txt
      --api-env NAME=VALUE an environment setting for the API (repeatable; A/B experiments)
  -h, --help               this text
Environment: PROFILE_API_DIR, another published API to measure (default .local/bench/api; an A/B of two builds).
Ports: PostgreSQL 5435, API 5091, raw 5092 (the benchmark's; do not run both at once).
USAGE
}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRIPT_NAME=profile.sh
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
BENCH_DIR="$ROOT/.local/bench"
API_DIR="${PROFILE_API_DIR:-$BENCH_DIR/api}"
OUT="$ROOT/.local/profile"
PGDATA_DIR="$BENCH_DIR/pgdata"
PGLOG="$BENCH_DIR/postgres.log"
PG_PORT=5435
DURATION=10
ROUNDS=2
EXECUTORS=100000
CONNECTIONS=32
MIX=uncached
PERF=0
API_ENV=()
while [ $# -gt 0 ]; do
  case "$1" in
    -d|--duration) DURATION="${2:?}"; shift 2 ;;
    -r|--rounds) ROUNDS="${2:?}"; shift 2 ;;
    -n|--executors) EXECUTORS="${2:?}"; shift 2 ;;
    -c|--connections) CONNECTIONS="${2:?}"; shift 2 ;;
    --mix) MIX="${2:?}"; shift 2 ;;
    --perf) PERF=1; shift ;;
    --api-env) API_ENV+=("${2:?}"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
is_count "$DURATION" 1 600 || die "--duration takes whole seconds (1..600)"
is_count "$ROUNDS" 1 20 || die "--rounds takes 1..20"
[ -s "$API_DIR/Executors.Api.dll" ] && [ -s "$BENCH_DIR/raw/Executors.Benchmarks.Raw.dll" ] && [ -s "$PGDATA_DIR/PG_VERSION" ] \
  || die "no benchmark cluster or builds in .local/bench: run benchmarks/run.sh first"
[ "$PERF" = 0 ] || command -v perf >/dev/null || die "--perf needs perf"
find_tools
for port in 5435 5091 5092; do port_busy "$port" && die "127.0.0.1:$port is in use"; done

install_cleanup
start_watchdog $(( (ROUNDS + 1) * 2 * (DURATION + 15) + 300 ))
rm -rf "$OUT"
mkdir -p "$OUT"
start_cluster 1 "-c max_connections=200"
make_load_user "$API_DIR"

PROFILING=()
[ "$PERF" = 1 ] && PROFILING=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
API_SETTINGS=(RateLimiting__PermitLimit=0)
[ "$MIX" = cached ] || API_SETTINGS+=(Caching__TerminatedExecutorBytes=0)
start_executors_api "$API_DIR" http://127.0.0.1:5091 "$OUT/api.log" "${API_SETTINGS[@]}" "${PROFILING[@]}" "${API_ENV[@]}"
API_PID=$APP_PID
wait_ready api "$API_PID" http://127.0.0.1:5091 "$OUT/api.log"
mapfile -t RAW_ENVIRONMENT < <(load_app_environment)
start_dotnet_app "$BENCH_DIR/raw" Executors.Benchmarks.Raw.dll http://127.0.0.1:5092 "$OUT/raw.log" \
  ASPNETCORE_ENVIRONMENT=Production "${RAW_ENVIRONMENT[@]}" "${PROFILING[@]}" \
  "$(printf '%s\n' "${RAW_ENVIRONMENT[@]}" | grep '^ConnectionStrings__Executors=');Maximum Pool Size=50"
RAW_PID=$APP_PID
wait_ready raw "$RAW_PID" http://127.0.0.1:5092 "$OUT/raw.log"

export LOAD_EXECUTORS="$EXECUTORS" LOAD_AUTHORIZATION="$AUTHORIZATION" LOAD_MISSING_PERCENT=5
case "$MIX" in
  uncached) ;;
  unknown) export LOAD_MISSING_PERCENT=100 ;;
  404-vs-200) ;;
  cached) export LOAD_HOT_SET=5000 LOAD_TERMINATED_ONLY=1 ;;
  *) die "unknown --mix '$MIX'" ;;
esac
GET_LUA="$ROOT/scripts/load/executors.lua"

ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }  # user and kernel clock ticks
HZ=$(getconf CLK_TCK)

measure() {  # name pid port round
  local name="$1" pid="$2" port="$3" round="$4" before after requests perf_pid=""
  before=$(ticks "$pid")
  if [ "$PERF" = 1 ] && [ "$round" = "$ROUNDS" ]; then
    perf record -F 499 -g -p "$pid" -o "$OUT/$name.perf.data" -- sleep "$DURATION" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  run_wrk "http://127.0.0.1:$port" "$GET_LUA" "$CONNECTIONS" 2 "$DURATION" "$OUT/$name-$round.summary" "$OUT/$name-$round.wrk.txt"
  after=$(ticks "$pid")
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  requests=$(value_of requests "$OUT/$name-$round.summary")
  read -r u0 k0 <<<"$before"
  read -r u1 k1 <<<"$after"
  awk -v n="$name" -v r="$round" -v q="$requests" -v u=$((u1 - u0)) -v k=$((k1 - k0)) -v hz="$HZ" \
    -v rps="$(value_of requests_per_s "$OUT/$name-$round.summary")" -v bad="$(value_of unexpected "$OUT/$name-$round.summary")" \
    'BEGIN { printf "%-7s round %s: %9s req/s, CPU per request %6.1f µs (user %6.1f, kernel %5.1f), %s unexpected\n",
             n, r, rps, (u + k) / hz / q * 1e6, u / hz / q * 1e6, k / hz / q * 1e6, bad }' | tee -a "$OUT/cpu.txt"
}

say "Warm-up, $DURATION s each"
run_wrk http://127.0.0.1:5091 "$GET_LUA" "$CONNECTIONS" 2 "$DURATION" "$OUT/warm-api.summary" "$OUT/warm-api.wrk.txt"
run_wrk http://127.0.0.1:5092 "$GET_LUA" "$CONNECTIONS" 2 "$DURATION" "$OUT/warm-raw.summary" "$OUT/warm-raw.wrk.txt"
say "Measuring the $MIX mix: $ROUNDS round(s) of $DURATION s, API and raw alternating"
for round in $(seq 1 "$ROUNDS"); do
  if [ "$MIX" = 404-vs-200 ]; then
    LOAD_MISSING_PERCENT=100 measure api-404 "$API_PID" 5091 "$round"
    LOAD_MISSING_PERCENT=0 measure api-200 "$API_PID" 5091 "$round"
    continue
  fi
  measure api "$API_PID" 5091 "$round"
  measure raw "$RAW_PID" 5092 "$round"
done
echo "API peak RSS (VmHWM): $(( $(memory_kb "$API_PID" VmHWM) / 1024 )) MiB; raw: $(( $(memory_kb "$RAW_PID" VmHWM) / 1024 )) MiB" | tee -a "$OUT/cpu.txt"
if [ "$PERF" = 1 ]; then
  for name in api raw; do
    perf report -i "$OUT/$name.perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' \
      | head -120 >"$OUT/$name.perf.txt" || true
    perf report -i "$OUT/$name.perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' \
      | head -30 >"$OUT/$name.dso.txt" || true
  done
  say "perf: .local/profile/{api,raw}.perf.txt (by symbol), {api,raw}.dso.txt (by library)"
fi
