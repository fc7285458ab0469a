#!/usr/bin/env bash
# A local multi-node topology on loopback: a PostgreSQL primary and one streaming hot standby (pg_basebackup -R), Redis,
# two API processes and HAProxy in front of them with health checks on /health/ready. Bounded in time; everything it
# starts is stopped by PID when it ends (Ctrl-C, SIGTERM, its bound, or an error). See docs/deployment.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/cluster.sh [up|drill|throughput] [options]

  up          start the topology and keep it running (until Ctrl-C or --for SECONDS), printing how to reach it
  drill       the failure drill: a stream of reads and writes through HAProxy (tools/Executors.ClusterDrill) while
              one API process is killed and restarted, Redis is stopped and restarted, the standby is stopped and
              started, then the primary is stopped and the standby promoted (pg_ctl promote); each step's figures
              (requests failed, time to recover) and the check that no write acknowledged with 2xx was lost.
              Exit 0 when every check passed, 1 otherwise. Report in .local/cluster/drill.md.
  throughput  GET /executors/{id} through HAProxy with wrk, first with one API process in service, then with two;
              prints both rates and their ratio (report in .local/cluster/throughput.md)

Options (environment variable in brackets):
      --port-base N      HAProxy on N, the API processes on N+1 and N+2, the primary on N+3, the standby on N+4,
                         Redis on N+5, HAProxy's admin socket on N+6                       [CLUSTER_PORT_BASE, 5450]
      --for SECONDS      up: stop after this long                                           [CLUSTER_FOR, 3600]
      --step SECONDS     drill: the length of each step                                     [CLUSTER_STEP, 8]
      --seconds SECONDS  throughput: each measured run                                      [CLUSTER_SECONDS, 20]
      --no-build         use what is already published in .local/cluster/
      --write-docs       drill/throughput: put the report into docs/deployment.md (between its markers)
  -h, --help             this text

Needs: the .NET 10 SDK, curl, PostgreSQL's server binaries, redis-server, haproxy (and wrk for throughput); as root
with apt-get, the missing ones are installed. The databases live in a fresh folder under /tmp, removed at the end.
USAGE
}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRIPT_NAME=cluster.sh
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"

MODE=up
case "${1:-}" in up|drill|throughput) MODE="$1"; shift ;; esac
PORT_BASE="${CLUSTER_PORT_BASE:-5450}"
RUN_FOR="${CLUSTER_FOR:-3600}"
STEP="${CLUSTER_STEP:-8}"
SECONDS_PER_RUN="${CLUSTER_SECONDS:-20}"
BUILD=1
WRITE_DOCS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port-base) PORT_BASE="${2:?}"; shift 2 ;;
    --for) RUN_FOR="${2:?}"; shift 2 ;;
    --step) STEP="${2:?}"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="${2:?}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --write-docs) WRITE_DOCS=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
is_count "$PORT_BASE" 1024 65000 || die "--port-base must be 1024-65000"
is_count "$RUN_FOR" 1 86400 || die "--for must be 1-86400 seconds"
is_count "$STEP" 3 120 || die "--step must be 3-120 seconds"
is_count "$SECONDS_PER_RUN" 5 600 || die "--seconds must be 5-600"

LB_PORT=$PORT_BASE
API_PORTS=($((PORT_BASE + 1)) $((PORT_BASE + 2)))
PRIMARY_PORT=$((PORT_BASE + 3))
STANDBY_PORT=$((PORT_BASE + 4))
REDIS_PORT=$((PORT_BASE + 5))
ADMIN_PORT=$((PORT_BASE + 6))
LB_URL="http://127.0.0.1:$LB_PORT"

# --- tools ------------------------------------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed: https://dotnet.microsoft.com/download"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
find_postgres
find_psql
need() {  # need COMMAND PACKAGE: the command, installed with apt-get as root when missing
  command -v "$1" >/dev/null || apt_install "$2"
  command -v "$1" >/dev/null || die "$1 is needed: 'sudo apt-get install $2'"
}
need redis-server redis-server
need haproxy haproxy
if [ "$MODE" = throughput ]; then need wrk wrk; WRK=$(command -v wrk); fi
for port in "$LB_PORT" "${API_PORTS[@]}" "$PRIMARY_PORT" "$STANDBY_PORT" "$REDIS_PORT" "$ADMIN_PORT"; do
  port_busy "$port" && die "port $port is in use; choose other ports with --port-base"
done

STATE="$ROOT/.local/cluster"   # published apps and reports (kept between runs)
mkdir -p "$STATE"
API_DIR="$STATE/api"
DRILL_DIR="$STATE/drill"
# The databases, logs and configuration of this run: a folder the postgres user can enter even when the clone is in a
# private home folder (root's), removed at the end.
WORK=$(mktemp -d /tmp/executors-cluster.XXXXXX)
chmod 755 "$WORK"
PRIMARY_DATA="$WORK/primary"
STANDBY_DATA="$WORK/standby"

# --- clean-up: everything this run started, by PID, then the run's folder ---------------------------------------------
REDIS_PID=""
LB_PID=""
DRILL_PID=""
API_PID=("" "")
PG_STARTED=()   # data folders of the servers this run started
cluster_cleanup() {
  local status=$?
  trap - INT TERM EXIT
  stop_pid "$DRILL_PID"
  stop_pid "$WRK_PID"
  stop_pid "$LB_PID"
  stop_pid "${API_PID[0]}"
  stop_pid "${API_PID[1]}"
  stop_pid "$REDIS_PID"
  local data
  for data in "${PG_STARTED[@]}"; do
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  done
  stop_pid "$WATCHDOG_PID"
  if [ "$status" != 0 ] && [ -d "$WORK" ]; then
    mkdir -p "$STATE/last-failed-run"
    cp "$WORK"/*.log "$STATE/last-failed-run/" 2>/dev/null || true
    printf '%s: logs of this run kept in %s\n' "$SCRIPT_NAME" "$(rel "$STATE/last-failed-run")" >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cluster_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
case "$MODE" in
  up) start_watchdog $((RUN_FOR + 900)) ;;
  drill) start_watchdog $((STEP * 14 + 1200)) ;;
  throughput) start_watchdog $((SECONDS_PER_RUN * 2 + 1500)) ;;
esac

# --- PostgreSQL: primary, then a standby streaming from it -------------------------------------------------------------
pg_start() {  # pg_start DATA PORT LOG
  as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$3" -w -t 60 start \
    -o "-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null \
    || die "PostgreSQL in $1 did not start; see $3"
  local data
  for data in "${PG_STARTED[@]}"; do [ "$data" = "$1" ] && return 0; done
  PG_STARTED+=("$1")
}
pg_stop() { as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null; }
psql_at() { local port="$1"; shift; "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }

start_databases() {
  say "PostgreSQL primary on 127.0.0.1:$PRIMARY_PORT"
  mkdir -p "$PRIMARY_DATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK" "$PRIMARY_DATA"
  chmod 700 "$PRIMARY_DATA"
  # Loopback only and throwaway, so trust authentication (initdb's pg_hba.conf also lets loopback replicate);
  # docs/deployment.md gives the production settings (scram-sha-256, a replication role).
  as_pg "$PG_BIN/initdb" -D "$PRIMARY_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log"
  cat >>"$PRIMARY_DATA/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
hot_standby = on
hot_standby_feedback = on
CONF
  pg_start "$PRIMARY_DATA" "$PRIMARY_PORT" "$WORK/primary.log"
  psql_at "$PRIMARY_PORT" -d postgres -c "CREATE DATABASE executors"

  say "Streaming standby on 127.0.0.1:$STANDBY_PORT (pg_basebackup -R)"
  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$STANDBY_DATA" -R -X stream -c fast \
    >"$WORK/basebackup.log" 2>&1 || { cat "$WORK/basebackup.log" >&2; die "pg_basebackup failed"; }
  pg_start "$STANDBY_DATA" "$STANDBY_PORT" "$WORK/standby.log"
  [ "$(psql_at "$STANDBY_PORT" -d postgres -tAc 'SELECT pg_is_in_recovery()')" = t ] || die "the standby is not in recovery"
}

# --- Redis --------------------------------------------------------------------------------------------------------------
start_redis() {
  mkdir -p "$WORK/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK/redis" \
    --logfile "$WORK/redis.log" --daemonize no &
  REDIS_PID=$!
  for _ in $(seq 1 50); do port_busy "$REDIS_PORT" && return 0; sleep 0.1; done
  die "redis-server did not start; see $WORK/redis.log"
}

# --- the API processes -------------------------------------------------------------------------------------------------
# Writes go to whichever of the two servers is the primary now (Target Session Attributes=read-write; the host states
# are checked again every 2 s, so a promoted standby takes writes without a restart); reads prefer the standby.
PRIMARY_CS="Host=127.0.0.1:$PRIMARY_PORT,127.0.0.1:$STANDBY_PORT;Database=executors;Username=postgres;Target Session Attributes=read-write;Host Recheck Seconds=2;Timeout=3;Command Timeout=15"
READ_CS="Host=127.0.0.1:$STANDBY_PORT,127.0.0.1:$PRIMARY_PORT;Database=executors;Username=postgres;Target Session Attributes=prefer-standby;Load Balance Hosts=true;Host Recheck Seconds=2;Timeout=3;Command Timeout=15"
USERS=()
DRILL_USERS=6
# throughput: the request allowance stays on (through Redis, as in service) but so high that it never refuses.
API_EXTRA=()
[ "$MODE" = throughput ] && API_EXTRA=(RateLimiting__PermitLimit=1000000)
make_users() {
  say "Making the users (600,000-iteration PBKDF2 hashes)"
  DRILL_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
  export DRILL_PASSWORD
  local i hash
  for i in $(seq 0 $((DRILL_USERS - 1))); do
    hash=$(printf '%s\n' "$DRILL_PASSWORD" | (cd "$API_DIR" && dotnet Executors.Api.dll hash-password))
    USERS+=("Authentication__Users__${i}__UserName=drill-$((i + 1))" "Authentication__Users__${i}__PasswordHash=$hash"
            "Authentication__Users__${i}__Roles__0=reader" "Authentication__Users__${i}__Roles__1=writer"
            "Authentication__Users__${i}__Accounts__0=*")
  done
}

migrate() {
  say "Applying the migrations to the primary (Executors.Api.dll migrate)"
  (cd "$API_DIR" && env "ConnectionStrings__Executors=$PRIMARY_CS" dotnet Executors.Api.dll migrate) >"$WORK/migrate.log" 2>&1 \
    || { cat "$WORK/migrate.log" >&2; die "the migrations failed"; }
}

start_api() {  # start_api INDEX (0 or 1)
  local index="$1" port="${API_PORTS[$1]}"
  start_dotnet_app "$API_DIR" Executors.Api.dll "http://127.0.0.1:$port" "$WORK/api$((index + 1)).log" \
    ASPNETCORE_ENVIRONMENT=Production \
    "ConnectionStrings__Executors=$PRIMARY_CS" "ConnectionStrings__ExecutorsRead=$READ_CS" \
    "Redis__Configuration=127.0.0.1:$REDIS_PORT" \
    Database__MigrateOnStartup=false Database__SeedDemoData=false Https__RedirectHttpToHttps=false \
    Serilog__MinimumLevel__Default=Warning "${USERS[@]}" "${API_EXTRA[@]}" \
    -- --Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning
  API_PID[index]=$APP_PID
}

# --- HAProxy ------------------------------------------------------------------------------------------------------------
# Each user goes to one process (a consistent hash of its Authorization header): its reads follow its own writes there
# (docs/deployment.md, "Read-your-writes"). A process failing /health/ready twice in a row (0.5 s apart) leaves the
# rotation; a refused connection is tried again on the other process (a request never sent cannot have been applied);
# a request already sent to a process that dies is not retried (it may have been applied).
write_haproxy_config() {
  cat >"$WORK/haproxy.cfg" <<CFG
global
    maxconn 4096
    stats socket ipv4@127.0.0.1:$ADMIN_PORT level admin

defaults
    mode http
    option httplog
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    retries 2
    retry-on conn-failure
    option redispatch 1

frontend executors_api
    bind 127.0.0.1:$LB_PORT
    default_backend api_processes

backend api_processes
    balance hdr(Authorization)
    hash-type consistent
    option httpchk GET /health/ready
    timeout check 1500ms
    http-check expect status 200
    http-response set-header X-Served-By %s
    default-server inter 500ms fall 2 rise 2 slowstart 10s
    server api1 127.0.0.1:${API_PORTS[0]} check
    server api2 127.0.0.1:${API_PORTS[1]} check
CFG
}
start_haproxy() {
  write_haproxy_config
  haproxy -c -q -f "$WORK/haproxy.cfg" || die "haproxy refused its configuration ($WORK/haproxy.cfg)"
  haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
  LB_PID=$!
}
haproxy_admin() { # one command on HAProxy's runtime API (nothing while it is not listening yet)
  ( exec 3<>"/dev/tcp/127.0.0.1/$ADMIN_PORT" && printf '%s\n' "$1" >&3 && cat <&3 ) 2>/dev/null || true
}
# Waits until HAProxy counts N servers up (its health checks passed).
wait_servers_up() {
  local wanted="$1" up=0
  for _ in $(seq 1 240); do
    up=$(haproxy_admin "show servers state api_processes" | awk 'NR > 2 && $6 == 2 { n++ } END { print n + 0 }')
    [ "$up" -ge "$wanted" ] && return 0
    sleep 0.25
  done
  die "HAProxy saw $up API process(es) up, not $wanted (logs in $WORK)"
}

start_topology() {
  if [ "$BUILD" = 1 ]; then
    publish_release src/Executors.Api "$API_DIR" "the API"
    [ "$MODE" = drill ] && publish_release tools/Executors.ClusterDrill "$DRILL_DIR" "the drill driver"
  fi
  [ -f "$API_DIR/Executors.Api.dll" ] || die "nothing published in $(rel "$API_DIR"): run without --no-build"
  start_databases
  start_redis
  make_users
  migrate
  say "Two API processes on 127.0.0.1:${API_PORTS[0]} and :${API_PORTS[1]}"
  start_api 0
  start_api 1
  wait_ready "API process 1" "${API_PID[0]}" "http://127.0.0.1:${API_PORTS[0]}" "$WORK/api1.log"
  wait_ready "API process 2" "${API_PID[1]}" "http://127.0.0.1:${API_PORTS[1]}" "$WORK/api2.log"
  say "HAProxy on $LB_URL (health checks on /health/ready)"
  start_haproxy
  wait_servers_up 2
}

mark() { echo "$(date +%s%3N) $1 $2" >>"$WORK/marks"; say "drill: $2"; }

write_docs() {  # write_docs MARKER REPORT COMMAND
  local doc="$ROOT/docs/deployment.md" section="$WORK/section.md"
  grep -q "^<!-- $1:start -->\$" "$doc" && grep -q "^<!-- $1:end -->\$" "$doc" \
    || die "docs/deployment.md has no <!-- $1:start --> / <!-- $1:end --> lines"
  {
    echo
    echo "Run of $(date -u +%Y-%m-%d) on commit $(source_commit)$(local_changes_note), $(machine_description): \`$3\`."
    echo
    cat "$2"
  } >"$section"
  awk -v marker="$1" -v report="$section" '
    $0 == "<!-- " marker ":end -->" { skipping = 0 }
    !skipping { print }
    $0 == "<!-- " marker ":start -->" { while ((getline line < report) > 0) print line; skipping = 1 }
  ' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
  say "Report written into docs/deployment.md"
}

run_drill() {
  [ -f "$DRILL_DIR/Executors.ClusterDrill.dll" ] || die "the drill driver is not published in $(rel "$DRILL_DIR"): run without --no-build"
  : >"$WORK/marks"
  rm -f "$WORK/stop"
  local per_user=3
  dotnet "$DRILL_DIR/Executors.ClusterDrill.dll" --api "$LB_URL" --users "$DRILL_USERS" --executors-per-user "$per_user" --marks "$WORK/marks" \
    --until "$WORK/stop" --max-seconds $((STEP * 14 + 300)) --report "$STATE/drill.md" >"$WORK/drill.log" 2>&1 &
  DRILL_PID=$!
  # The driver creates all its executors first, then starts its loops; the steady step starts once every executor exists
  # (on a busy machine the set-up's first PBKDF2 checks and cold paths take seconds: a step begun before would be empty).
  for _ in $(seq 1 600); do
    [ "$(psql_at "$PRIMARY_PORT" -d executors -tAc "SELECT count(*) FROM executors WHERE account_name = 'cluster_drill'")" -ge $((DRILL_USERS * per_user)) ] && break
    kill -0 "$DRILL_PID" 2>/dev/null || { cat "$WORK/drill.log" >&2; die "the drill driver ended during its set-up"; }
    sleep 0.2
  done
  sleep 2
  mark steady "steady: both processes, both servers, Redis"
  sleep "$STEP"
  mark api-kill "API process 2 killed (SIGKILL)"
  kill -KILL "${API_PID[1]}"
  wait "${API_PID[1]}" 2>/dev/null || true
  sleep "$STEP"
  mark api-restart "API process 2 started again"
  start_api 1
  wait_servers_up 2
  sleep "$STEP"
  mark redis-stop "Redis stopped"
  stop_pid "$REDIS_PID"
  REDIS_PID=""
  sleep "$STEP"
  mark redis-start "Redis started again"
  start_redis
  sleep "$STEP"
  mark standby-stop "standby stopped (pg_ctl stop -m fast)"
  pg_stop "$STANDBY_DATA"
  sleep "$STEP"
  mark standby-start "standby started again"
  pg_start "$STANDBY_DATA" "$STANDBY_PORT" "$WORK/standby.log"
  sleep "$STEP"
  mark primary-stop "primary stopped (pg_ctl stop -m fast)"
  pg_stop "$PRIMARY_DATA"
  sleep "$STEP"
  mark promote "standby promoted (pg_ctl promote), no API process restarted"
  as_pg "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -w promote >/dev/null
  sleep $((STEP * 2))
  touch "$WORK/stop"
  local status=0
  wait "$DRILL_PID" || status=$?
  DRILL_PID=""
  [ -s "$STATE/drill.md" ] || { cat "$WORK/drill.log" >&2; die "the drill driver wrote no report (exit $status)"; }
  cat "$STATE/drill.md"
  [ "$WRITE_DOCS" = 1 ] && write_docs cluster-drill "$STATE/drill.md" "scripts/cluster.sh drill --step $STEP"
  return "$status"
}

run_throughput() {
  PG_PORT=$PRIMARY_PORT
  local executors=20000 checks one two
  # The load seed (scripts/load/seed.sql) into the primary; the standby replays it before the runs.
  PGOPTIONS="-c load.executors=$executors" in_background "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "$PRIMARY_PORT" -U postgres -d executors -f "$ROOT/scripts/load/executor-id.sql" -f "$ROOT/scripts/load/seed.sql" >/dev/null
  local lsn
  lsn=$(psql_at "$PRIMARY_PORT" -d postgres -tAc "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 600); do
    [ "$(psql_at "$STANDBY_PORT" -d postgres -tAc "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && break
    sleep 0.2
  done
  checks=$(ids_of 1 2 "$executors" "$((executors + 1))" "$((2 * executors))")
  local authorization
  authorization=$(for i in $(seq 1 "$DRILL_USERS"); do printf 'Basic %s|' "$(printf 'drill-%s:%s' "$i" "$DRILL_PASSWORD" | base64 -w0)"; done)
  authorization=${authorization%|}
  export LOAD_EXECUTORS=$executors LOAD_CHECK_IDS=$checks LOAD_AUTHORIZATION=$authorization
  say "Warming up both processes (10 s)"
  run_wrk "$LB_URL" "$ROOT/scripts/load/executors.lua" 32 2 10 "$WORK/warm.txt" "$WORK/warm.out"
  haproxy_admin "disable server api_processes/api2" >/dev/null
  say "One API process in service: ${SECONDS_PER_RUN} s"
  run_wrk "$LB_URL" "$ROOT/scripts/load/executors.lua" 32 2 "$SECONDS_PER_RUN" "$WORK/one.txt" "$WORK/one.out"
  haproxy_admin "enable server api_processes/api2" >/dev/null
  wait_servers_up 2
  say "Two API processes in service: ${SECONDS_PER_RUN} s"
  run_wrk "$LB_URL" "$ROOT/scripts/load/executors.lua" 32 2 "$SECONDS_PER_RUN" "$WORK/two.txt" "$WORK/two.out"
  one=$(value_of requests_per_s "$WORK/one.txt")
  two=$(value_of requests_per_s "$WORK/two.txt")
  {
    echo "| API processes | Requests/s | p50 | p99 | Unexpected answers |"
    echo "|---:|---:|---:|---:|---:|"
    for run in one two; do
      echo "| $([ "$run" = one ] && echo 1 || echo 2) | $(value_of requests_per_s "$WORK/$run.txt") | $(value_of latency_p50_ms "$WORK/$run.txt") ms | $(value_of latency_p99_ms "$WORK/$run.txt") ms | $(value_of unexpected "$WORK/$run.txt") |"
    done
    echo
    echo "Two processes against one: **$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", b / a }')×**, on $(nproc) cores shared by HAProxy, wrk, both PostgreSQL servers and both API processes."
  } >"$STATE/throughput.md"
  cat "$STATE/throughput.md"
  [ "$WRITE_DOCS" = 1 ] && write_docs cluster-throughput "$STATE/throughput.md" "scripts/cluster.sh throughput --seconds $SECONDS_PER_RUN"
  return 0
}

start_topology
case "$MODE" in
  up)
    say "Up: $LB_URL (users drill-1 … drill-$DRILL_USERS, password: $DRILL_PASSWORD), HAProxy admin on 127.0.0.1:$ADMIN_PORT"
    say "Primary 127.0.0.1:$PRIMARY_PORT, standby :$STANDBY_PORT, Redis :$REDIS_PORT; logs in $WORK. Ctrl-C stops everything (or after $RUN_FOR s)."
    sleep "$RUN_FOR" &
    wait $! || true
    ;;
  drill) run_drill ;;
  throughput) run_throughput ;;
esac
