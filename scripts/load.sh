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
LOAD_DIR="$ROOT/.local/load"
PGDATA_DIR="$LOAD_DIR/pgdata"
PGLOG="$LOAD_DIR/postgres.log"
API_DIR="$LOAD_DIR/api"
LUA="$ROOT/scripts/load/executors.lua"
ID_SQL="$ROOT/scripts/load/executor-id.sql"
SEED_SQL="$ROOT/scripts/load/seed.sql"

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

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 2; }

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

is_count() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
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
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed: https://dotnet.microsoft.com/download"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing $* (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then dirname "$(command -v initdb)"; fi
}

PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ]; then
  apt_install postgresql
  PG_BIN=$(find_pg_bin)
  [ -n "$PG_BIN" ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them, e.g. 'sudo apt-get install postgresql', or set PG_BIN to their folder."
fi
PSQL="$PG_BIN/psql"
[ -x "$PSQL" ] || PSQL=$(command -v psql || true)
[ -n "$PSQL" ] || die "psql not found next to initdb nor on the PATH (apt-get install postgresql-client)"

WRK=$(command -v wrk || true)
if [ -z "$WRK" ]; then
  apt_install wrk
  WRK=$(command -v wrk || true)
  [ -n "$WRK" ] || die "wrk is needed: 'sudo apt-get install wrk' (Debian/Ubuntu package; or build it from https://github.com/wg/wrk)"
fi

# initdb refuses to run as root: run the server tools as the postgres user then (as run.sh does).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$PG_PORT" && die "127.0.0.1:$PG_PORT is in use; pick another with --pg-port"
port_busy "$API_PORT" && die "127.0.0.1:$API_PORT is in use; pick another with --api-port"

# --- clean-up, whatever happens ---------------------------------------------------------------------------------------
STARTED_PG=0
API_PID=""
WRK_PID=""
CHILD_PID=""
SAMPLER_PID=""
WATCHDOG_PID=""
stop_pid() {
  local pid="$1"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  local status=$?
  trap - INT TERM EXIT
  stop_pid "$WRK_PID"
  stop_pid "$CHILD_PID"
  stop_pid "$SAMPLER_PID"
  stop_pid "$API_PID"
  if [ "$STARTED_PG" = 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  fi
  stop_pid "$WATCHDOG_PID"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The watchdog: whatever hangs (build, seed, start-up, wrk), the whole run ends within this bound.
LIMIT=$((WARMUP + DURATION + 1200))
# (Its sleep is killed with it, and holds none of the script's output open.)
(
  trap 'kill "$!" 2>/dev/null; wait "$!" 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" >/dev/null 2>&1 &
  wait "$!"
  printf 'load.sh: watchdog: still running after %s s, stopping everything\n' "$LIMIT" >&2
  kill -TERM $$
) &
WATCHDOG_PID=$!

mkdir -p "$LOAD_DIR"

# Long steps run in the background and are waited for, so that Ctrl-C, SIGTERM and the watchdog act at once.
in_background() {
  "$@" &
  CHILD_PID=$!
  local status=0
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  return "$status"
}

# --- PostgreSQL: a cluster of its own ---------------------------------------------------------------------------------
psql_load() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

if [ "$REUSE" = 0 ] || [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  say "Creating a throwaway PostgreSQL cluster in .local/load/pgdata"
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$LOAD_DIR/initdb.log"
fi
: >"$PGLOG"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGLOG"
if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  die ".local/load/pgdata is already in use by a running server (another load.sh?); stop that one first"
fi
say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
# Started as run.sh starts its own (the server's default durability settings), on its own port and data.
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 30 start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null \
  || die "PostgreSQL did not start; see .local/load/postgres.log"
STARTED_PG=1
psql_load -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'executors'" | grep -q 1 \
  || psql_load -d postgres -c "CREATE DATABASE executors"

# --- the API, in Release ----------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ] || [ ! -s "$API_DIR/Executors.Api.dll" ]; then
  say "Publishing the API in Release to .local/load/api"
  # No build servers: nothing of the build outlives the run.
  in_background dotnet publish src/Executors.Api -c Release -o "$API_DIR" --disable-build-servers -nologo -v quiet -clp:ErrorsOnly >/dev/null
fi

# A load user with a throwaway password; only its PBKDF2 hash goes to the API.
PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
HASH=$(printf '%s\n' "$PASSWORD" | (cd "$API_DIR" && dotnet Executors.Api.dll hash-password))
AUTHORIZATION="Basic $(printf 'load:%s' "$PASSWORD" | base64 -w0)"

API_URL="http://127.0.0.1:$API_PORT"
say "Starting the API (Release, Production) on $API_URL; log in .local/load/api.log"
(
  cd "$API_DIR"
  export ASPNETCORE_ENVIRONMENT=Production
  export ASPNETCORE_URLS="$API_URL"
  export ConnectionStrings__Executors="Host=127.0.0.1;Port=$PG_PORT;Database=executors;Username=postgres;Timeout=5;Command Timeout=15"
  export Database__MigrateOnStartup=true
  export Database__SeedDemoData=false
  # Plain HTTP on loopback: no redirect to HTTPS.
  export Https__RedirectHttpToHttps=false
  export Authentication__Users__0__UserName=load
  export Authentication__Users__0__PasswordHash="$HASH"
  export Authentication__Users__0__Roles__0=reader
  export Authentication__Users__0__Accounts__0='*'
  # Far above what the load sends: the per-user rate limiter must not be what is measured.
  export RateLimiting__PermitLimit=1000000
  # One log line per request would measure the console: warnings and errors only.
  export Serilog__MinimumLevel__Default=Warning
  exec dotnet Executors.Api.dll --Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning
) >"$LOAD_DIR/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 240); do
  kill -0 "$API_PID" 2>/dev/null || { tail -n 30 "$LOAD_DIR/api.log" >&2; die "the API exited during start-up (log above, in .local/load/api.log)"; }
  if curl -fs -o /dev/null "$API_URL/health/ready"; then break; fi
  sleep 0.5
done
curl -fs -o /dev/null "$API_URL/health/ready" || die "the API was not ready after 120 s; see .local/load/api.log"

# --- the seed ---------------------------------------------------------------------------------------------------------
ids_of() {  # "n=id,…" for the given executor numbers, computed by executor-id.sql
  local list
  list=$(IFS=,; echo "$*")
  psql_load -d executors -tA -f "$ID_SQL" \
    -c "SELECT string_agg(n || '=' || pg_temp.load_executor_id(n), ',' ORDER BY n) FROM unnest('{$list}'::bigint[]) AS n"
}
CHECK_IDS=$(ids_of 1 2 "$EXECUTORS" "$((EXECUTORS + 1))" "$((2 * EXECUTORS))")
FIRST_ID=$(echo "$CHECK_IDS" | tr ',' '\n' | sed -n 's/^1=//p')
LAST_ID=$(echo "$CHECK_IDS" | tr ',' '\n' | sed -n "s/^$EXECUTORS=//p")
NEXT_ID=$(echo "$CHECK_IDS" | tr ',' '\n' | sed -n "s/^$((EXECUTORS + 1))=//p")
STORED=$(psql_load -d executors -tAc "SELECT count(*) FROM executors")
if [ "$STORED" = "$EXECUTORS" ] \
   && [ "$(psql_load -d executors -tAc "SELECT count(*) FROM executors WHERE executor_id IN ('$FIRST_ID', '$LAST_ID', '$NEXT_ID')")" = 2 ]; then
  say "Reusing the $EXECUTORS executors already seeded in .local/load/pgdata"
elif [ "$STORED" != 0 ]; then
  die ".local/load/pgdata holds $STORED executors, not the $EXECUTORS of this seed: run without --reuse for a fresh cluster"
else
  say "Seeding $EXECUTORS executors (scripts/load/seed.sql)"
  SEED_START=$(date +%s)
  PGOPTIONS="-c load.executors=$EXECUTORS" in_background "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres \
    -d executors -f "$ID_SQL" -f "$SEED_SQL" >/dev/null
  say "Seeded in $(( $(date +%s) - SEED_START )) s: $(psql_load -d executors -tAc "SELECT count(*) || ' executors (' || count(*) FILTER (WHERE status = 'RUNNING') || ' RUNNING), ' || pg_size_pretty(pg_total_relation_size('executors')) FROM executors")"
fi

# --- warm-up, then the measured run -----------------------------------------------------------------------------------
export LOAD_EXECUTORS="$EXECUTORS" LOAD_MISSING_PERCENT="$MISSING_PERCENT" LOAD_AUTHORIZATION="$AUTHORIZATION" \
  LOAD_CHECK_IDS="$CHECK_IDS"
curl -fs -o /dev/null -H "Authorization: $AUTHORIZATION" "$API_URL/executors/$FIRST_ID" \
  || die "GET /executors/$FIRST_ID with the load user did not answer 200; see .local/load/api.log"

run_wrk() {  # seconds summary-file output-file
  LOAD_SUMMARY="$2" timeout --signal=INT --kill-after=10 "$(( $1 + 60 ))" \
    "$WRK" -t "$THREADS" -c "$CONNECTIONS" -d "$1s" --timeout 10s --latency -s "$LUA" "$API_URL" >"$3" 2>&1 &
  WRK_PID=$!
  local status=0
  wait "$WRK_PID" || status=$?
  WRK_PID=""
  [ "$status" = 0 ] || { cat "$3" >&2; die "wrk failed (exit $status)"; }
  [ -s "$2" ] || { cat "$3" >&2; die "wrk wrote no summary"; }
}
value_of() { sed -n "s/^$1=//p" "$2"; }

if [ "$WARMUP" -gt 0 ]; then
  say "Warming up for $WARMUP s ($CONNECTIONS connections)"
  run_wrk "$WARMUP" "$LOAD_DIR/warmup-summary.txt" "$LOAD_DIR/warmup-wrk.txt"
fi

memory_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$API_PID/status"; }
CSV="$LOAD_DIR/memory.csv"
echo "elapsed_s,vmrss_kb,vmhwm_kb" >"$CSV"
RUN_START=$(date +%s)
MEM_START=$(memory_kb VmRSS)
echo "0,$MEM_START,$(memory_kb VmHWM)" >>"$CSV"
(
  trap 'kill "$!" 2>/dev/null; wait "$!" 2>/dev/null; exit 0' TERM
  while true; do
    sleep "$SAMPLE_EVERY" &
    wait "$!"
    rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$API_PID/status" 2>/dev/null) || break
    hwm=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$API_PID/status" 2>/dev/null) || break
    [ -n "$rss" ] || break
    echo "$(( $(date +%s) - RUN_START )),$rss,$hwm" >>"$CSV"
  done
) >/dev/null 2>&1 &
SAMPLER_PID=$!

say "Measuring for $DURATION s: $CONNECTIONS connections, $THREADS threads, $EXECUTORS executors, ${MISSING_PERCENT} % unknown ids (memory every $SAMPLE_EVERY s in .local/load/memory.csv)"
SUMMARY="$LOAD_DIR/summary.txt"
run_wrk "$DURATION" "$SUMMARY" "$LOAD_DIR/wrk.txt"
stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
MEM_END=$(memory_kb VmRSS)
MEM_PEAK=$(memory_kb VmHWM)
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
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with local changes)" || true)
MACHINE="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)"
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
