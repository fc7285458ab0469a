#!/usr/bin/env bash
# Chaos run: racing writers, wrong-password bursts from many loopback addresses, re-spelt and malformed headers and
# 1,000-row searches against the API, all at once, while a signed-in user's reads are measured. Loopback only, bounded
# in time; stops everything it started. See docs/operations.md ("Chaos run") for what it checks and a run's figures.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/chaos.sh [options]

Starts a throwaway PostgreSQL (.local/chaos/pgdata, port 5436 — never ./run.sh's data), publishes the API and the
chaos driver (tools/Executors.Chaos) in Release, starts the API in Production on http://127.0.0.1:5094 with five chaos
users (600,000-iteration hashes of a password generated for the run) and the default request allowance, then:
  1. setup: a few executors, and N executors of an account the restricted reader cannot see; every user signs in;
  2. baseline: the signed-in user ("chaos-desk") reads one executor every 20 ms, alone; the restricted reader
     searches the foreign account and its own empty one, alternately (the side channel of ADR 7);
  3. chaos, all at once: 8 writers report state and append ERROR/INFO log lines on 4 executors; every 5 s, 20 fresh
     source addresses (127.0.B.2-21) send 12 wrong passwords each (half for chaos-desk); 16 clients send a valid
     user's header re-spelt; one address sends malformed headers; a reader loops 1,000-row searches; chaos-desk
     keeps reading;
  4. every acknowledged write is checked against what the API stores.
Exits 1 on any answer outside a traffic's expected ones (any 5xx but the hashing gate's deliberate 503 to attackers),
any lost or double-counted write, a side-channel search costing more than an empty one, or chaos-desk's p99 above
the bound; 0 otherwise. The report is printed and kept in .local/chaos/report.md.

Options (environment variable in brackets):
  -d, --duration SECONDS     the chaos phase                           [CHAOS_DURATION, 60]
      --baseline SECONDS     the quiet phase before it                 [CHAOS_BASELINE, 10]
      --p99-bound-ms MS      chaos-desk's p99 bound during the chaos   [CHAOS_P99_BOUND_MS, 250]
  -n, --foreign-executors N  executors of the account the restricted reader cannot see [CHAOS_FOREIGN, 2000]
      --api-port PORT        the API's loopback port                   [CHAOS_API_PORT, 5094]
      --pg-port PORT         the cluster's loopback port               [CHAOS_PG_PORT, 5436]
      --no-build             run what is already published in .local/chaos/
      --write-docs           put the report into docs/operations.md (between its chaos markers)
  -h, --help                 this text

Needs: the .NET 10 SDK, curl and PostgreSQL's server binaries (PG_BIN, or /usr/lib/postgresql/*/bin; installed with
apt-get when run as root). Linux: the source addresses 127.0.B.x need nothing set up (all of 127.0.0.0/8 is local).
USAGE
}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCRIPT_NAME=chaos.sh
# shellcheck source=scripts/lib/common.sh
. "$ROOT/scripts/lib/common.sh"
CHAOS_DIR="$ROOT/.local/chaos"
PGDATA_DIR="$CHAOS_DIR/pgdata"
PGLOG="$CHAOS_DIR/postgres.log"
API_DIR="$CHAOS_DIR/api"
TOOL_DIR="$CHAOS_DIR/tool"
REPORT="$CHAOS_DIR/report.md"
DOC="$ROOT/docs/operations.md"

DURATION="${CHAOS_DURATION:-60}"
BASELINE="${CHAOS_BASELINE:-10}"
P99_BOUND="${CHAOS_P99_BOUND_MS:-250}"
FOREIGN="${CHAOS_FOREIGN:-2000}"
API_PORT="${CHAOS_API_PORT:-5094}"
PG_PORT="${CHAOS_PG_PORT:-5436}"
BUILD=1
WRITE_DOCS=0

while [ $# -gt 0 ]; do
  case "$1" in
    -d|--duration) DURATION="${2:?}"; shift 2 ;;
    --baseline) BASELINE="${2:?}"; shift 2 ;;
    --p99-bound-ms) P99_BOUND="${2:?}"; shift 2 ;;
    -n|--foreign-executors) FOREIGN="${2:?}"; shift 2 ;;
    --api-port) API_PORT="${2:?}"; shift 2 ;;
    --pg-port) PG_PORT="${2:?}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --write-docs) WRITE_DOCS=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

is_count "$DURATION" 1 1800 || die "--duration must be 1-1800 seconds"
is_count "$BASELINE" 1 600 || die "--baseline must be 1-600 seconds"
is_count "$P99_BOUND" 1 60000 || die "--p99-bound-ms must be 1-60000"
is_count "$FOREIGN" 1 100000 || die "--foreign-executors must be 1-100000"
is_count "$API_PORT" 1024 65535 || die "--api-port must be 1024-65535"
is_count "$PG_PORT" 1024 65535 || die "--pg-port must be 1024-65535"
[ "$(uname -s)" = Linux ] || die "the source addresses 127.0.B.x need Linux (all of 127.0.0.0/8 local)"

command -v dotnet >/dev/null || die "the .NET 10 SDK is needed: https://dotnet.microsoft.com/download"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
find_postgres
find_psql
port_busy "$API_PORT" && die "port $API_PORT is in use; choose another with --api-port"
port_busy "$PG_PORT" && die "port $PG_PORT is in use; choose another with --pg-port"

mkdir -p "$CHAOS_DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$CHAOS_DIR" 2>/dev/null && chmod 755 "$CHAOS_DIR"
install_cleanup
# Setup and publishing take a few minutes at most; the phases their own length; then the checks.
start_watchdog $(( DURATION + BASELINE + 900 ))

start_cluster 0
if [ "$BUILD" = 1 ]; then
  publish_release src/Executors.Api "$API_DIR" "the API"
  publish_release tools/Executors.Chaos "$TOOL_DIR" "the chaos driver"
fi
[ -f "$API_DIR/Executors.Api.dll" ] && [ -f "$TOOL_DIR/Executors.Chaos.dll" ] || die "nothing published in $(rel "$CHAOS_DIR"): run without --no-build"

# One password for the run's five users, each with its own salt; only the hashes reach the API.
say "Making the chaos users (600,000-iteration PBKDF2 hashes)"
CHAOS_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
export CHAOS_PASSWORD
users=()
i=0
# name roles accounts — as ChaosUsers.All in tools/Executors.Chaos/ChaosOptions.cs
for spec in "chaos-desk reader *" "chaos-engine reader,writer *" "chaos-analyst reader *" "chaos-respeller reader *" "chaos-restricted reader chaos_own"; do
  read -r name roles accounts <<<"$spec"
  hash=$(printf '%s\n' "$CHAOS_PASSWORD" | (cd "$API_DIR" && dotnet Executors.Api.dll hash-password))
  users+=("Authentication__Users__${i}__UserName=$name" "Authentication__Users__${i}__PasswordHash=$hash" "Authentication__Users__${i}__Accounts__0=$accounts")
  r=0
  for role in ${roles//,/ }; do users+=("Authentication__Users__${i}__Roles__${r}=$role"); r=$((r + 1)); done
  i=$((i + 1))
done

API_URL="http://127.0.0.1:$API_PORT"
say "Starting the API on $API_URL (Production, default request allowance)"
start_dotnet_app "$API_DIR" Executors.Api.dll "$API_URL" "$CHAOS_DIR/api.log" \
  ASPNETCORE_ENVIRONMENT=Production \
  "ConnectionStrings__Executors=Host=127.0.0.1;Port=$PG_PORT;Database=executors;Username=postgres" \
  Database__MigrateOnStartup=true Database__SeedDemoData=false Https__RedirectHttpToHttps=false \
  Serilog__MinimumLevel__Default=Warning "${users[@]}" \
  -- --Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning
wait_ready "the API" "$APP_PID" "$API_URL" "$CHAOS_DIR/api.log"

say "Chaos: ${BASELINE} s baseline, then ${DURATION} s of everything at once"
status=0
in_background dotnet "$TOOL_DIR/Executors.Chaos.dll" --api "$API_URL" --duration "$DURATION" --baseline "$BASELINE" \
  --p99-bound-ms "$P99_BOUND" --foreign-executors "$FOREIGN" --report "$REPORT" || status=$?
[ -s "$REPORT" ] || die "the chaos driver wrote no report (exit $status)"
[ "$status" -le 1 ] || die "the chaos driver failed to run (exit $status)"

if [ "$WRITE_DOCS" = 1 ]; then
  grep -q '^<!-- chaos:start -->$' "$DOC" && grep -q '^<!-- chaos:end -->$' "$DOC" \
    || die "docs/operations.md has no <!-- chaos:start --> / <!-- chaos:end --> lines to put the report between"
  section="$CHAOS_DIR/section.md"
  {
    echo
    echo "Run of $(date -u +%Y-%m-%d) on commit $(source_commit)$(local_changes_note), $(machine_description): \`scripts/chaos.sh --duration $DURATION --baseline $BASELINE --foreign-executors $FOREIGN\`."
    echo
    sed -e '1,2d' "$REPORT"
  } >"$section"
  awk -v report="$section" '
    /^<!-- chaos:end -->$/ { skipping = 0 }
    !skipping { print }
    /^<!-- chaos:start -->$/ { while ((getline line < report) > 0) print line; skipping = 1 }
  ' "$DOC" >"$DOC.new" && mv "$DOC.new" "$DOC"
  say "Report written into docs/operations.md"
fi

exit "$status"
