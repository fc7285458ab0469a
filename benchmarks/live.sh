#!/usr/bin/env bash
# The live-updates benchmark (issue 14): 1,000 WebSocket subscribers on one Release API process, a writer doing PUTs at
# a fixed rate, the time from each PUT to each push, memory per subscriber, and no lost update. Loopback only, bounded
# in time. See docs/performance.md ("Issue 14: live updates"); --help for the options.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: benchmarks/live.sh [options]

Starts a throwaway PostgreSQL (.local/bench-live/pgdata, port 5436) with N seeded executors (scripts/load/seed.sql),
publishes the API and benchmarks/Executors.Benchmarks.Live in Release, starts the API (http://127.0.0.1:5094, rate
limiting off, LiveUpdates:MaxConnectionsPerUser raised for the one load user) and runs the load against it:
  1. PUTs E RUNNING executors of its own (account bench_account);
  2. connects S subscribers, each on its own WebSocket through ExecutorStreamClient: 90 % executor_detail to the E
     executors in turn, 6 % executors-list (one trading pair, RUNNING), 4 % executor_summary; the API's VmRSS before and
     after gives the memory per subscriber;
  3. writes R PUT/s for D seconds, round robin over the E executors, each PUT's custom_info stamped with its send time:
     push latency = receipt - send (so it includes the PUT's own request and commit), p50/p90/p99;
  4. waits, then compares every subscriber's last state with a fresh GET (detail, list members, summary).
Prints key=value results (also .local/bench-live/results.json). Exits 1 on a stale subscriber, a failed PUT or a
subscriber without a first snapshot; not on a missed latency goal.

Options (environment variable in brackets):
  -n, --executors N        executors to seed besides the benchmark's own      [LIVE_SEED, 20000]
  -s, --subscribers N      WebSocket subscribers                              [LIVE_SUBSCRIBERS, 1000]
  -e, --bench-executors N  executors the writer updates                       [LIVE_EXECUTORS, 200]
  -r, --rate N             PUTs per second                                    [LIVE_RATE, 100]
  -d, --duration SECONDS   the writing phase                                  [LIVE_DURATION, 60]
  -i, --update-interval S  the subscriptions' update_interval (0.5..60)       [LIVE_INTERVAL, 0.5]
      --pg-port PORT       [LIVE_PG_PORT, 5436]     --api-port PORT [LIVE_API_PORT, 5094]
      --no-build           run the builds already published in .local/bench-live
  -h, --help               this text
The load itself ends within D + 100 s (its own bound); the whole script, publish and seed included, within 15 minutes.
USAGE
}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRIPT_NAME=live.sh
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
BENCH_DIR="$ROOT/.local/bench-live"
PGDATA_DIR="$BENCH_DIR/pgdata"
PGLOG="$BENCH_DIR/postgres.log"

SEED="${LIVE_SEED:-20000}"
SUBSCRIBERS="${LIVE_SUBSCRIBERS:-1000}"
EXECUTORS="${LIVE_EXECUTORS:-200}"
RATE="${LIVE_RATE:-100}"
DURATION="${LIVE_DURATION:-60}"
INTERVAL="${LIVE_INTERVAL:-0.5}"
PG_PORT="${LIVE_PG_PORT:-5436}"
API_PORT="${LIVE_API_PORT:-5094}"
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--executors) SEED="${2:?}"; shift 2 ;;
    -s|--subscribers) SUBSCRIBERS="${2:?}"; shift 2 ;;
    -e|--bench-executors) EXECUTORS="${2:?}"; shift 2 ;;
    -r|--rate) RATE="${2:?}"; shift 2 ;;
    -d|--duration) DURATION="${2:?}"; shift 2 ;;
    -i|--update-interval) INTERVAL="${2:?}"; shift 2 ;;
    --pg-port) PG_PORT="${2:?}"; shift 2 ;;
    --api-port) API_PORT="${2:?}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
is_count "$SEED" 1000 5000000 || die "--executors takes a number from 1000 to 5000000, not '$SEED'"
is_count "$SUBSCRIBERS" 10 10000 || die "--subscribers takes a number from 10 to 10000, not '$SUBSCRIBERS'"
is_count "$EXECUTORS" 10 99999 || die "--bench-executors takes a number from 10 to 99999, not '$EXECUTORS'"
is_count "$RATE" 1 5000 || die "--rate takes a number from 1 to 5000, not '$RATE'"
is_count "$DURATION" 5 120 || die "--duration takes whole seconds (5..120), not '$DURATION'"
[[ "$INTERVAL" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--update-interval takes seconds, not '$INTERVAL'"
for port in "$PG_PORT" "$API_PORT"; do is_count "$port" 1 65535 || die "ports are numbers from 1 to 65535, not '$port'"; done

command -v dotnet >/dev/null || die "the .NET 10 SDK is needed"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
find_postgres
find_psql
port_busy "$PG_PORT" && die "127.0.0.1:$PG_PORT is in use; pick another with --pg-port"
port_busy "$API_PORT" && die "127.0.0.1:$API_PORT is in use; pick another with --api-port"

install_cleanup
start_watchdog 900
mkdir -p "$BENCH_DIR"

start_cluster 0 "-c max_connections=200"
if [ "$BUILD" = 1 ] || [ ! -s "$BENCH_DIR/api/Executors.Api.dll" ]; then publish_release src/Executors.Api "$BENCH_DIR/api" "the API"; fi
if [ "$BUILD" = 1 ] || [ ! -s "$BENCH_DIR/load/Executors.Benchmarks.Live.dll" ]; then
  publish_release benchmarks/Executors.Benchmarks.Live "$BENCH_DIR/load" "the subscribers' load"
fi
make_load_user "$BENCH_DIR/api"
PASSWORD=$(printf '%s' "${AUTHORIZATION#Basic }" | base64 -d | cut -d: -f2-)

URL="http://127.0.0.1:$API_PORT"
say "Starting the API on $URL (it migrates the database); log in .local/bench-live/api.log"
# The load user reads every account; bench-writer (same throwaway password) writes. One user holds every subscriber,
# so its connection limit is raised above the subscriber count.
start_executors_api "$BENCH_DIR/api" "$URL" "$BENCH_DIR/api.log" RateLimiting__PermitLimit=0 \
  "LiveUpdates__MaxConnectionsPerUser=$(( SUBSCRIBERS + 16 ))" \
  Authentication__Users__1__UserName=bench-writer "Authentication__Users__1__PasswordHash=$LOAD_USER_HASH" \
  Authentication__Users__1__Roles__0=writer Authentication__Users__1__Roles__1=reader Authentication__Users__1__Accounts__0='*'
API_PID=$APP_PID
wait_ready api "$API_PID" "$URL" "$BENCH_DIR/api.log"
seed_executors "$SEED"

say "Load: $SUBSCRIBERS subscribers, $EXECUTORS executors, $RATE PUT/s for $DURATION s, update_interval $INTERVAL s"
status=0
LIVE_READER_PASSWORD="$PASSWORD" LIVE_WRITER_PASSWORD="$PASSWORD" in_background dotnet "$BENCH_DIR/load/Executors.Benchmarks.Live.dll" \
  --url "$URL" --reader load --writer bench-writer --api-pid "$API_PID" --subscribers "$SUBSCRIBERS" \
  --executors "$EXECUTORS" --rate "$RATE" --duration "$DURATION" --update-interval "$INTERVAL" \
  --database "Host=127.0.0.1;Port=$PG_PORT;Database=executors;Username=postgres" \
  --out "$BENCH_DIR/results.json" || status=$?
kill -0 "$API_PID" 2>/dev/null || die "the API died during the run; see .local/bench-live/api.log"
say "Peak API resident memory (VmHWM): $(( $(memory_kb "$API_PID" VmHWM) / 1024 )) MiB; commit $(source_commit)$(local_changes_note); $(machine_description)"
[ "$status" = 0 ] || { printf '%s: FAILED (exit %s): see the lines above\n' "$SCRIPT_NAME" "$status" >&2; exit 1; }
say "Every subscriber's last state equals the database's."
