#!/usr/bin/env bash
# Runs Executors API with demo data on a PostgreSQL of its own (data in .local/, git-ignored).
#   ./run.sh                       serve on http://localhost:5000 and https://localhost:5001
#   ASPNETCORE_URLS=http://127.0.0.1:8080 ./run.sh
#   ASPNETCORE_Kestrel__Certificates__Default__Path=cert.pfx ASPNETCORE_Kestrel__Certificates__Default__Password=… ./run.sh
#                                  serve HTTPS with your certificate (PFX, or PEM with …__KeyPath) instead of the
#                                  self-signed one made in .local/
#   PGPORT=5544 ./run.sh           put the local PostgreSQL on another port (default 5433)
#   SAMPLE_ENGINE=0 ./run.sh       do not start the reference engine (samples/Executors.SampleEngine)
# Once the API answers, the reference engine starts beside it (as the demo user admin, engine id sample-engine-1, output
# in .local/sample-engine.log): it claims the demo's RUNNING executors and new ones, and moves them on paper.
# Ctrl-C (or SIGTERM) stops the engine, the API and the database.
#
# The database listens on 127.0.0.1 only and asks every connection for the password generated in .local/pg-password
# (mode 600; scram-sha-256). A cluster made by an earlier run.sh with trust authentication is switched over in place.
# Run as root from a folder the postgres user cannot enter (root's home is mode 700), the cluster's data lives in
# /var/lib/executors-api/<folder>-<hash of the clone's path>/ instead, recorded in .local/pgdata-location.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
LOCAL="$ROOT/.local"
PASSWORD_FILE="$LOCAL/pg-password"
LOCATION_FILE="$LOCAL/pgdata-location"
OUTSIDE_BASE=/var/lib/executors-api
PGPORT="${PGPORT:-5433}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5000;https://localhost:5001}"
SAMPLE_ENGINE="${SAMPLE_ENGINE:-1}"
ENGINE_LOG="$LOCAL/sample-engine.log"

# The tool discovery and the postgres-user helper are shared with scripts/load.sh and benchmarks/run.sh.
SCRIPT_NAME=run.sh
# shellcheck source=scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET 10 SDK is needed: https://dotnet.microsoft.com/download (then run ./run.sh again)"

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1

# Server tools run as the postgres user when root (initdb refuses root), from / (a folder it can always enter).
pg_tool() { (cd / && as_pg "$@"); }
# Can the user the server runs as enter FOLDER (and every folder above it)?
postgres_can_enter() { [ "$IS_ROOT" = 0 ] || (cd / && runuser -u postgres -- test -x "$1") 2>/dev/null; }
# psql as the caller over TCP, the password in its environment only (never on a command line).
pg_sql() { (cd / && PGPASSWORD="$PG_PASSWORD" "$PSQL" -X -q -w -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"); }
# What a path is called in messages: relative to the clone when inside it.
shown() { case "$1" in "$ROOT"/*) printf '%s' "${1#"$ROOT"/}" ;; *) printf '%s' "$1" ;; esac; }

# --- clean-up, whatever happens: the engine, the API, the database this run started, anything half-made ----------------
ENGINE_PID=""
API_PID=""
STARTED_PG=0
HALF_MADE=()        # a new cluster's folders until initdb has finished (removed if it has not)
HALF_MADE_BASE=""   # /var/lib/executors-api when this run made it (removed only if still empty)
PWFILE=""           # initdb's copy of the password, for the postgres user; removed right after initdb
cleanup() {
  trap - INT TERM EXIT
  # The engine first (it reports to the API), then the API; each by the PID this run started.
  if [ -n "$ENGINE_PID" ] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    wait "$ENGINE_PID" 2>/dev/null || true
  fi
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  if [ "$STARTED_PG" = 1 ]; then
    say "Stopping PostgreSQL"
    pg_tool "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -z "$PWFILE" ] || rm -f "$PWFILE"
  local path
  for path in "${HALF_MADE[@]}"; do rm -rf -- "$path"; done
  [ -z "$HALF_MADE_BASE" ] || rmdir "$HALF_MADE_BASE" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL server binaries -------------------------------------------------------------------------------------
find_postgres
find_psql

mkdir -p "$LOCAL"

# --- the database password: generated once, kept in .local/pg-password (mode 600), never printed --------------------------
NEW_PASSWORD=0
if [ ! -s "$PASSWORD_FILE" ]; then
  password=$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
  (umask 077 && printf '%s\n' "${password:0:32}" >"$PASSWORD_FILE.new") && mv -f "$PASSWORD_FILE.new" "$PASSWORD_FILE"
  unset password
  NEW_PASSWORD=1
fi
chmod 600 "$PASSWORD_FILE"
PG_PASSWORD=$(head -n 1 "$PASSWORD_FILE")
[[ "$PG_PASSWORD" =~ ^[A-Za-z0-9]{16,}$ ]] \
  || die ".local/pg-password must hold one line of at least 16 letters and digits; delete it to have a new one made"
# ALTER ROLE for stdin (printf is a shell builtin: the password is on no command line); should it fail, the server
# must not log the statement, which holds the password.
password_sql() {
  printf "SET log_min_error_statement = panic;\nSET password_encryption = 'scram-sha-256';\nALTER ROLE postgres PASSWORD '%s';\n" "$PG_PASSWORD"
}

# --- where the cluster lives ------------------------------------------------------------------------------------------
# .local/pgdata, as always; but root's cluster runs as the postgres user, which must be able to enter every folder above
# its data. From a folder it cannot enter (root's home), the data goes to a folder of its own under /var/lib/executors-api,
# recorded in .local/pgdata-location so that the next run finds it. Nobody's folder permissions are changed.
OUTSIDE=0
if [ -s "$LOCATION_FILE" ]; then
  CLUSTER_HOME=$(head -n 1 "$LOCATION_FILE")
  [ "$IS_ROOT" = 1 ] || die "this clone's PostgreSQL data is in $CLUSTER_HOME (made by a run as root, recorded in .local/pgdata-location): run ./run.sh as root, or delete .local/ for a new cluster of your own (see README)"
  [[ "$CLUSTER_HOME" == /* ]] || die ".local/pgdata-location does not hold an absolute path: $CLUSTER_HOME"
  OUTSIDE=1
elif [ -s "$LOCAL/pgdata/PG_VERSION" ] || [ "$IS_ROOT" = 0 ] || postgres_can_enter "$LOCAL"; then
  CLUSTER_HOME="$LOCAL"
else
  name=$(basename "$ROOT" | tr -c 'A-Za-z0-9._\n-' '_')
  CLUSTER_HOME="$OUTSIDE_BASE/$name-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
  OUTSIDE=1
fi
PGDATA_DIR="$CLUSTER_HOME/pgdata"
PGLOG="$CLUSTER_HOME/postgres.log"
DATA_SHOWN=$(shown "$PGDATA_DIR")
LOG_SHOWN=$(shown "$PGLOG")
[ "$OUTSIDE" = 0 ] || [ -d "$PGDATA_DIR" ] || rmdir "$LOCAL/pgdata" 2>/dev/null || true  # an earlier run's empty leftover

if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  if [ "$OUTSIDE" = 1 ]; then
    say "Creating a local PostgreSQL cluster in $PGDATA_DIR: the postgres user cannot enter $ROOT (running as root from a private folder), so its data lives outside the clone (recorded in .local/pgdata-location; to start over delete that folder and .local/, see README)"
    if [ ! -d "$OUTSIDE_BASE" ]; then
      mkdir -m 755 "$OUTSIDE_BASE"
      HALF_MADE_BASE="$OUTSIDE_BASE"
    fi
    postgres_can_enter "$OUTSIDE_BASE" || die "the postgres user cannot enter $OUTSIDE_BASE either; make it enterable (e.g. chmod 755 $OUTSIDE_BASE) or run ./run.sh from a folder it can enter"
    if [ ! -d "$CLUSTER_HOME" ]; then
      mkdir -m 700 "$CLUSTER_HOME"
      HALF_MADE+=("$CLUSTER_HOME")
    fi
    chown postgres:postgres "$CLUSTER_HOME"
    printf '%s\n' "$ROOT" >"$CLUSTER_HOME/clone-path"  # whose data this is, for whoever finds the folder
  else
    say "Creating a local PostgreSQL cluster in $DATA_SHOWN (password authentication; the password is in .local/pg-password)"
  fi
  [ -d "$PGDATA_DIR" ] || HALF_MADE+=("$PGDATA_DIR")
  mkdir -p "$PGDATA_DIR"
  [ "$IS_ROOT" = 1 ] && chown postgres:postgres "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  # initdb reads the superuser's password from a file: a copy the postgres user can read, deleted right after.
  PWFILE="$CLUSTER_HOME/initdb-pwfile"
  rm -f "$PWFILE"
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$PWFILE")
  [ "$IS_ROOT" = 1 ] && chown postgres:postgres "$PWFILE"
  pg_tool "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A scram-sha-256 --pwfile="$PWFILE" -E UTF8 --locale=C.UTF-8 \
    >"$LOCAL/initdb.log" || die "initdb failed (its output is in .local/initdb.log); the half-made cluster folder was removed"
  rm -f "$PWFILE"
  PWFILE=""
  [ "$OUTSIDE" = 0 ] || printf '%s\n' "$CLUSTER_HOME" >"$LOCATION_FILE"
  HALF_MADE=()
  HALF_MADE_BASE=""
  NEW_PASSWORD=0
  NEW_CLUSTER=1
else
  NEW_CLUSTER=0
  [ "$OUTSIDE" = 0 ] || say "PostgreSQL's data for this clone is in $PGDATA_DIR, outside the clone (recorded in .local/pgdata-location)"
  postgres_can_enter "$PGDATA_DIR" \
    || die "the postgres user can no longer enter $DATA_SHOWN (a folder above it is private): run ./run.sh as the user who made it, or delete .local/ to start over (see README)"
fi
if [ "$IS_ROOT" = 1 ]; then
  touch "$PGLOG" && chown postgres:postgres "$PGLOG"
fi

# An earlier run.sh made its cluster with trust authentication: every local connection was the superuser.
TRUST_RULES=0
if [ "$NEW_CLUSTER" = 0 ] && grep -Eq '^[[:space:]]*(local|host[a-z]*)[[:space:]].*[[:space:]]trust[[:space:]]*$' "$PGDATA_DIR/pg_hba.conf"; then
  TRUST_RULES=1
fi
scram_only() {
  pg_tool sed -i -E 's/^([[:space:]]*(local|host[a-z]*)[[:space:]].*[[:space:]])trust([[:space:]]*)$/\1scram-sha-256\3/' "$PGDATA_DIR/pg_hba.conf"
}
announce_password_change() {
  if [ "$TRUST_RULES" = 1 ]; then
    say "Upgrading the PostgreSQL cluster in $DATA_SHOWN from trust to password (scram-sha-256) authentication, password in .local/pg-password; your data is kept"
  else
    say "Setting a new password for the PostgreSQL cluster in $DATA_SHOWN (.local/pg-password was missing)"
  fi
}

STARTED_PG=0
if pg_tool "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  running_port=$(sed -n 4p "$PGDATA_DIR/postmaster.pid")
  if [ -n "$running_port" ] && [ "$running_port" != "$PGPORT" ]; then
    say "PostgreSQL already running from $DATA_SHOWN, on port $running_port (not $PGPORT): using it"
    PGPORT="$running_port"
  else
    say "PostgreSQL already running from $DATA_SHOWN"
  fi
  if [ "$TRUST_RULES" = 1 ]; then
    announce_password_change
    password_sql | (cd / && "$PSQL" -X -q -w -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -f - >/dev/null) \
      || die "could not set the password on the running PostgreSQL; stop it (pg_ctl -D $PGDATA_DIR stop) and run ./run.sh again"
    scram_only
    pg_tool "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" reload >/dev/null
  elif [ "$NEW_PASSWORD" = 1 ]; then
    die ".local/pg-password is missing and the cluster is running: stop it (pg_ctl -D $PGDATA_DIR stop) and run ./run.sh again to set a new password"
  fi
else
  if [ "$TRUST_RULES" = 1 ] || [ "$NEW_PASSWORD" = 1 ]; then
    # Single-user mode: no connections at all while the password is set and the rules are rewritten.
    announce_password_change
    password_sql | pg_tool "$PG_BIN/postgres" --single -D "$PGDATA_DIR" -c log_checkpoints=off postgres >/dev/null \
      || die "could not set the password in $DATA_SHOWN"
    [ "$TRUST_RULES" = 0 ] || scram_only
  fi
  say "Starting PostgreSQL on 127.0.0.1:$PGPORT"
  pg_tool "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 30 start \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null \
    || die "PostgreSQL did not start; see $LOG_SHOWN"
  STARTED_PG=1
fi
# The database itself (migrations, applied by the API at start-up, create the tables). This is also the password's test.
exists=$(pg_sql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'executors'") \
  || die "could not log in to PostgreSQL on 127.0.0.1:$PGPORT with the password in .local/pg-password"
[ "$exists" = 1 ] || pg_sql -d postgres -c "CREATE DATABASE executors"

# --- HTTPS: a self-signed development certificate unless one is configured ---------------------------------------------
if [ -z "${ASPNETCORE_Kestrel__Certificates__Default__Path:-}" ] && [[ "$ASPNETCORE_URLS" == *https://* ]]; then
  CERT="$LOCAL/dev-cert.pem"
  KEY="$LOCAL/dev-key.pem"
  if [ ! -s "$CERT" ] || [ ! -s "$KEY" ] || ! openssl x509 -checkend 86400 -noout -in "$CERT" >/dev/null 2>&1; then
    command -v openssl >/dev/null || die "openssl is needed to make a development certificate (apt-get install openssl), or set ASPNETCORE_Kestrel__Certificates__Default__Path"
    say "Creating a self-signed development certificate in .local/ (localhost, 127.0.0.1)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
      -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
      -addext "extendedKeyUsage=serverAuth" -keyout "$KEY" -out "$CERT" >/dev/null 2>&1 \
      || die "openssl could not make a certificate"
    chmod 600 "$KEY"
  fi
  export ASPNETCORE_Kestrel__Certificates__Default__Path="$CERT"
  export ASPNETCORE_Kestrel__Certificates__Default__KeyPath="$KEY"
fi

# --- the API ------------------------------------------------------------------------------------------------------------
say "Building the API$([ "$SAMPLE_ENGINE" = 0 ] || printf ' and the sample engine')"
# No build servers: nothing of the build outlives the run (Ctrl-C leaves nothing running).
dotnet build src/Executors.Api -c Release -nologo -v quiet -clp:ErrorsOnly --disable-build-servers
if [ "$SAMPLE_ENGINE" != 0 ]; then
  dotnet build samples/Executors.SampleEngine -c Release -nologo -v quiet -clp:ErrorsOnly --disable-build-servers
fi

export ASPNETCORE_ENVIRONMENT=Development
export Database__MigrateOnStartup=true
export Database__SeedDemoData=true

say "Starting the API (migrations and demo data are applied at start-up)"
# The content root is the build output, where the appsettings files are copied. The password reaches the API in its
# environment only (no other process of the run gets the connection string).
(
  cd src/Executors.Api/bin/Release/net10.0
  export ConnectionStrings__Executors="Host=127.0.0.1;Port=$PGPORT;Database=executors;Username=postgres;Password=$PG_PASSWORD"
  exec dotnet Executors.Api.dll
) &
API_PID=$!

url_of() { printf '%s' "$1" | sed -e 's#//\*#//localhost#' -e 's#//+#//localhost#' -e 's#//0\.0\.0\.0#//localhost#' -e 's#/$##'; }
BASE_URL=$(url_of "${ASPNETCORE_URLS%%;*}")
HTTPS_URL=""
IFS=';' read -ra URLS <<<"$ASPNETCORE_URLS"
for u in "${URLS[@]}"; do [[ "$u" == https://* ]] && HTTPS_URL=$(url_of "$u") && break; done
READY=0
for _ in $(seq 1 240); do
  kill -0 "$API_PID" 2>/dev/null || die "the API exited during start-up; see its log above"
  if curl -fsk -o /dev/null "$BASE_URL/health/ready"; then READY=1; break; fi
  sleep 0.5
done
[ "$READY" = 1 ] || die "the API did not become ready within 2 minutes ($BASE_URL/health/ready); see its log above"

# --- the reference engine, beside the API -------------------------------------------------------------------------------
# The demo's own user and address: plain HTTP when the API listens on it, else HTTPS trusting the certificate made above.
ENGINE_LINE="not started (SAMPLE_ENGINE=0)"
if [ "$SAMPLE_ENGINE" != 0 ]; then
  ENGINE_URL=""
  for u in "${URLS[@]}"; do [[ "$u" == http://* ]] && ENGINE_URL=$(url_of "$u") && break; done
  ENGINE_CA=""
  if [ -z "$ENGINE_URL" ]; then
    ENGINE_URL="$HTTPS_URL"
    [ -z "${KEY:-}" ] || ENGINE_CA="$CERT"
  fi
  say "Starting the sample engine against $ENGINE_URL (its output: .local/sample-engine.log)"
  (
    cd samples/Executors.SampleEngine/bin/Release/net10.0
    # Nothing of the API's own environment (URLs, certificate, database settings) is the engine's business.
    unset ASPNETCORE_URLS ASPNETCORE_Kestrel__Certificates__Default__Path ASPNETCORE_Kestrel__Certificates__Default__KeyPath \
      Database__MigrateOnStartup Database__SeedDemoData
    [ -z "$ENGINE_CA" ] || export SSL_CERT_FILE="$ENGINE_CA"
    export DOTNET_ENVIRONMENT=Development Api__BaseUrl="$ENGINE_URL" Api__UserName=admin Api__Password=admin
    exec dotnet Executors.SampleEngine.dll
  ) >"$ENGINE_LOG" 2>&1 &
  ENGINE_PID=$!
  # Up to 20 s for its first line ("… starting; a pass every …"); settings it cannot use end it at once.
  for _ in $(seq 1 40); do
    kill -0 "$ENGINE_PID" 2>/dev/null || { tail -n 20 "$ENGINE_LOG" >&2; die "the sample engine exited at start-up (its log above, in .local/sample-engine.log)"; }
    grep -q 'starting; a pass every' "$ENGINE_LOG" 2>/dev/null && break
    sleep 0.5
  done
  ENGINE_LINE="sample-engine-1 (pid $ENGINE_PID), runs the demo's RUNNING executors and new ones; log in .local/sample-engine.log"
fi

cat <<BANNER

  Executors API is running at $BASE_URL${HTTPS_URL:+ and $HTTPS_URL (self-signed certificate in .local/ unless you configured one)}
  OpenAPI docs:      $BASE_URL/docs   (ReDoc: $BASE_URL/redoc)
  Health:            $BASE_URL/health/live, $BASE_URL/health/ready
  Sample engine:     $ENGINE_LINE
  Demo users:        admin / admin (reader, writer), viewer / viewer (reader of master_account)   (Development only)
  Database:          PostgreSQL on 127.0.0.1:$PGPORT, user postgres, password in .local/pg-password, data in $DATA_SHOWN
  Try it:
    curl -u admin:admin $BASE_URL/executors/Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB
BANNER
[ -n "$HTTPS_URL" ] && [ -n "${KEY:-}" ] && cat <<BANNER
    curl --cacert .local/dev-cert.pem -u admin:admin $HTTPS_URL/executors/Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB
BANNER
cat <<BANNER

  Press Ctrl-C to stop the engine, the API and the database.

BANNER

wait "$API_PID"
