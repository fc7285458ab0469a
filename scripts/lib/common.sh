# Shared by scripts/load.sh and benchmarks/run.sh (sourced, never run): tool discovery, clean-up of everything started,
# the watchdog, the throwaway PostgreSQL cluster, the load seed, the Release publish, starting a .NET app and waiting for
# it, wrk and memory readings. Loopback only.
#
# Before sourcing, the caller sets:
#   SCRIPT_NAME  the prefix of its messages (load.sh, run.sh)
#   ROOT         the repository's root (the caller has cd'ed there)
# and, before using the PostgreSQL functions: PGDATA_DIR (the cluster's data folder), PGLOG, PG_PORT.
# After find_tools: PG_BIN, PSQL, WRK. Every PID started through these functions is stopped by cleanup (installed by
# install_cleanup: on EXIT, Ctrl-C and SIGTERM).

# shellcheck shell=bash

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 2; }
# A repository-relative path, for messages.
rel() { printf '%s' "${1#"$ROOT"/}"; }
is_count() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

# --- tools ----------------------------------------------------------------------------------------------------------
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

# PG_BIN: PostgreSQL's server binaries; run as root with apt-get, installs them when missing (also used by ./run.sh).
find_postgres() {
  PG_BIN=$(find_pg_bin)
  if [ -z "$PG_BIN" ]; then
    apt_install postgresql
    PG_BIN=$(find_pg_bin)
    [ -n "$PG_BIN" ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them, e.g. 'sudo apt-get install postgresql', or set PG_BIN to their folder."
  fi
}

# PSQL: psql next to the server binaries (after find_postgres), else the one on the PATH.
find_psql() {
  PSQL="$PG_BIN/psql"
  [ -x "$PSQL" ] || PSQL=$(command -v psql || true)
  [ -n "$PSQL" ] || die "psql not found next to initdb nor on the PATH (apt-get install postgresql-client)"
}

# The .NET SDK, curl, PostgreSQL's server binaries and psql, and wrk; run as root with apt-get, installs the last two.
find_tools() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is needed: https://dotnet.microsoft.com/download"
  command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

  find_postgres
  find_psql

  WRK=$(command -v wrk || true)
  if [ -z "$WRK" ]; then
    apt_install wrk
    WRK=$(command -v wrk || true)
    [ -n "$WRK" ] || die "wrk is needed: 'sudo apt-get install wrk' (Debian/Ubuntu package; or build it from https://github.com/wg/wrk)"
  fi
}

# initdb refuses to run as root: run the server tools as the postgres user then (as run.sh does).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- clean-up, whatever happens ---------------------------------------------------------------------------------------
STARTED_PG=0
APP_PIDS=()
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
  local pid
  for pid in "${APP_PIDS[@]}"; do stop_pid "$pid"; done
  if [ "$STARTED_PG" = 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  fi
  stop_pid "$WATCHDOG_PID"
  exit "$status"
}
install_cleanup() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# The watchdog: whatever hangs (build, seed, start-up, wrk), the whole run ends within this bound (seconds).
# (Its sleep is killed with it, and holds none of the script's output open.)
start_watchdog() {
  local limit="$1"
  (
    trap 'kill "$!" 2>/dev/null; wait "$!" 2>/dev/null; exit 0' TERM
    sleep "$limit" >/dev/null 2>&1 &
    wait "$!"
    printf '%s: watchdog: still running after %s s, stopping everything\n' "$SCRIPT_NAME" "$limit" >&2
    kill -TERM $$
  ) &
  WATCHDOG_PID=$!
}

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

# A fresh cluster in PGDATA_DIR (or the one there with reuse=1), started on 127.0.0.1:PG_PORT as ./run.sh starts its
# own (the server's default durability settings; EXTRA: more server options), with an "executors" database.
# Usage: start_cluster REUSE [EXTRA]
start_cluster() {
  local reuse="$1" extra="${2:-}" data
  data=$(rel "$PGDATA_DIR")
  if [ "$reuse" = 0 ] || [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
    say "Creating a throwaway PostgreSQL cluster in $data"
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$(dirname "$PGDATA_DIR")/initdb.log"
  fi
  : >"$PGLOG"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGLOG"
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    die "$data is already in use by a running server (another $SCRIPT_NAME?); stop that one first"
  fi
  say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 30 start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''${extra:+ $extra}" >/dev/null \
    || die "PostgreSQL did not start; see $(rel "$PGLOG")"
  STARTED_PG=1
  psql_load -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'executors'" | grep -q 1 \
    || psql_load -d postgres -c "CREATE DATABASE executors"
}

ID_SQL="$ROOT/scripts/load/executor-id.sql"
SEED_SQL="$ROOT/scripts/load/seed.sql"

ids_of() {  # "n=id,…" for the given executor numbers, computed by executor-id.sql
  local list
  list=$(IFS=,; echo "$*")
  psql_load -d executors -tA -f "$ID_SQL" \
    -c "SELECT string_agg(n || '=' || pg_temp.load_executor_id(n), ',' ORDER BY n) FROM unnest('{$list}'::bigint[]) AS n"
}
id_in() { echo "$2" | tr ',' '\n' | sed -n "s/^$1=//p"; }  # number "n=id,…" → id

# Seeds executors 1..N into the migrated database (scripts/load/seed.sql), or keeps exactly that seed when it is
# already there. Sets CHECK_IDS (ids of 1, 2, N, N+1, 2N, for the Lua's self-check) and FIRST_ID.
seed_executors() {
  local executors="$1" data last_id next_id stored seed_start
  data=$(rel "$PGDATA_DIR")
  CHECK_IDS=$(ids_of 1 2 "$executors" "$((executors + 1))" "$((2 * executors))")
  FIRST_ID=$(id_in 1 "$CHECK_IDS")
  last_id=$(id_in "$executors" "$CHECK_IDS")
  next_id=$(id_in "$((executors + 1))" "$CHECK_IDS")
  stored=$(psql_load -d executors -tAc "SELECT count(*) FROM executors")
  if [ "$stored" = "$executors" ] \
     && [ "$(psql_load -d executors -tAc "SELECT count(*) FROM executors WHERE executor_id IN ('$FIRST_ID', '$last_id', '$next_id')")" = 2 ]; then
    say "Reusing the $executors executors already seeded in $data"
  elif [ "$stored" != 0 ]; then
    die "$data holds $stored executors, not the $executors of this seed: run without --reuse for a fresh cluster"
  else
    say "Seeding $executors executors (scripts/load/seed.sql)"
    seed_start=$(date +%s)
    PGOPTIONS="-c load.executors=$executors" in_background "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres \
      -d executors -f "$ID_SQL" -f "$SEED_SQL" >/dev/null
    say "Seeded in $(( $(date +%s) - seed_start )) s: $(psql_load -d executors -tAc "SELECT count(*) || ' executors (' || count(*) FILTER (WHERE status = 'RUNNING') || ' RUNNING), ' || pg_size_pretty(pg_total_relation_size('executors')) FROM executors")"
  fi
}

# --- .NET apps ------------------------------------------------------------------------------------------------------
# Release publish of PROJECT to OUT; no build servers: nothing of the build outlives the run.
publish_release() {
  say "Publishing $3 in Release to $(rel "$2")"
  in_background dotnet publish "$1" -c Release -o "$2" --disable-build-servers -nologo -v quiet -clp:ErrorsOnly >/dev/null
}

# A load user with a throwaway password; only its PBKDF2 hash (made by the API in API_DIR) goes to the apps.
# Sets LOAD_USER_HASH and AUTHORIZATION.
make_load_user() {
  local password
  password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
  LOAD_USER_HASH=$(printf '%s\n' "$password" | (cd "$1" && dotnet Executors.Api.dll hash-password))
  # shellcheck disable=SC2034 # read by the scripts that source this file
  AUTHORIZATION="Basic $(printf 'load:%s' "$password" | base64 -w0)"
}

# The environment giving an app the load database and the load user (reader of every account).
load_app_environment() {
  printf '%s\n' \
    "ConnectionStrings__Executors=Host=127.0.0.1;Port=$PG_PORT;Database=executors;Username=postgres;Timeout=5;Command Timeout=15" \
    "Authentication__Users__0__UserName=load" \
    "Authentication__Users__0__PasswordHash=$LOAD_USER_HASH" \
    "Authentication__Users__0__Roles__0=reader" \
    "Authentication__Users__0__Accounts__0=*"
}

# The API as load.sh and the benchmark run it: Release build in DIR, Production, the load database (migrated at
# start-up), plain HTTP on loopback (no redirect to HTTPS), Serilog at Warning (one log line per request would measure
# the console), plus the NAME=VALUE settings given. Output to LOG.
# Usage: start_executors_api DIR URL LOG [NAME=VALUE...]; sets APP_PID.
start_executors_api() {
  local dir="$1" url="$2" log="$3"
  shift 3
  local environment=()
  mapfile -t environment < <(load_app_environment)
  start_dotnet_app "$dir" Executors.Api.dll "$url" "$log" \
    ASPNETCORE_ENVIRONMENT=Production "${environment[@]}" \
    Database__MigrateOnStartup=true Database__SeedDemoData=false Https__RedirectHttpToHttps=false \
    Serilog__MinimumLevel__Default=Warning "$@" \
    -- --Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning
}

# Starts "dotnet DLL" in DIR in the background on URL with the NAME=VALUE environment given (then, after "--", its
# arguments), output to LOG; sets APP_PID (the dotnet process itself: its /proc/PID/status is the app's memory).
start_dotnet_app() {
  local dir="$1" dll="$2" url="$3" log="$4"
  shift 4
  local environment=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do environment+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  ( cd "$dir" && exec env ASPNETCORE_URLS="$url" "${environment[@]}" dotnet "$dll" "$@" ) >"$log" 2>&1 &
  APP_PID=$!
  APP_PIDS+=("$APP_PID")
}

# Waits up to 120 s for URL/health/ready of the app with PID (NAME for messages), or dies showing its LOG's tail.
wait_ready() {
  local name="$1" pid="$2" url="$3" log="$4"
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "$name exited during start-up (log above, in $(rel "$log"))"; }
    if curl -fs -o /dev/null "$url/health/ready"; then break; fi
    sleep 0.5
  done
  curl -fs -o /dev/null "$url/health/ready" || die "$name was not ready after 120 s; see $(rel "$log")"
}

# --- measuring --------------------------------------------------------------------------------------------------------
# wrk against URL with the Lua script, bounded by -d and timeout; its summary (key=value lines) goes to SUMMARY.
# Usage: run_wrk URL LUA CONNECTIONS THREADS SECONDS SUMMARY OUTPUT
run_wrk() {
  local url="$1" lua="$2" connections="$3" threads="$4" seconds="$5" summary="$6" output="$7"
  rm -f "$summary"
  LOAD_SUMMARY="$summary" timeout --signal=INT --kill-after=10 "$(( seconds + 60 ))" \
    "$WRK" -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s --latency -s "$lua" "$url" >"$output" 2>&1 &
  WRK_PID=$!
  local status=0
  wait "$WRK_PID" || status=$?
  WRK_PID=""
  [ "$status" = 0 ] || { cat "$output" >&2; die "wrk failed (exit $status)"; }
  [ -s "$summary" ] || { cat "$output" >&2; die "wrk wrote no summary"; }
}
value_of() { sed -n "s/^$1=//p" "$2"; }

memory_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

# Samples VmRSS and VmHWM of PID every EVERY seconds into CSV (rows "elapsed_s,vmrss_kb,vmhwm_kb", elapsed since the
# epoch second START) until stopped or the process ends; sets SAMPLER_PID.
start_memory_sampler() {
  local pid="$1" every="$2" csv="$3" start="$4"
  (
    trap 'kill "$!" 2>/dev/null; wait "$!" 2>/dev/null; exit 0' TERM
    while true; do
      sleep "$every" &
      wait "$!"
      rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
      hwm=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
      [ -n "$rss" ] || break
      echo "$(( $(date +%s) - start )),$rss,$hwm" >>"$csv"
    done
  ) >/dev/null 2>&1 &
  SAMPLER_PID=$!
}
stop_memory_sampler() { stop_pid "$SAMPLER_PID"; SAMPLER_PID=""; }

# --- report lines -----------------------------------------------------------------------------------------------------
source_commit() { git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown; }
local_changes_note() {
  git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with local changes)" || true
}
machine_description() {
  echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)"
}
