#!/usr/bin/env bash
# Runs Executors API with demo data on a PostgreSQL of its own (data in .local/, git-ignored).
#   ./run.sh                       serve on http://localhost:5000 and https://localhost:5001
#   ASPNETCORE_URLS=http://127.0.0.1:8080 ./run.sh
#   ASPNETCORE_Kestrel__Certificates__Default__Path=cert.pfx ASPNETCORE_Kestrel__Certificates__Default__Password=… ./run.sh
#                                  serve HTTPS with your certificate (PFX, or PEM with …__KeyPath) instead of the
#                                  self-signed one made in .local/
#   PGPORT=5544 ./run.sh           put the local PostgreSQL on another port (default 5433)
# Ctrl-C (or SIGTERM) stops the API and the database.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
LOCAL="$ROOT/.local"
PGDATA_DIR="$LOCAL/pgdata"
PGLOG="$LOCAL/postgres.log"
PGPORT="${PGPORT:-5433}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5000;https://localhost:5001}"

# The tool discovery and the postgres-user helper are shared with scripts/load.sh and benchmarks/run.sh.
SCRIPT_NAME=run.sh
# shellcheck source=scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET 10 SDK is needed: https://dotnet.microsoft.com/download (then run ./run.sh again)"

# --- PostgreSQL server binaries -------------------------------------------------------------------------------------
find_postgres

mkdir -p "$LOCAL"
if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  say "Creating a local PostgreSQL cluster in .local/pgdata"
  mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$LOCAL/initdb.log"
fi
if [ "$(id -u)" = 0 ]; then
  touch "$PGLOG" && chown postgres:postgres "$PGLOG"
fi

STARTED_PG=0
if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  say "PostgreSQL already running from .local/pgdata"
else
  say "Starting PostgreSQL on 127.0.0.1:$PGPORT"
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 30 start \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null \
    || die "PostgreSQL did not start; see .local/postgres.log"
  STARTED_PG=1
fi
# The database itself (migrations, applied by the API at start-up, create the tables).
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres executors 2>/dev/null || true

API_PID=""
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  if [ "$STARTED_PG" = 1 ]; then
    say "Stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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
say "Building the API"
dotnet build src/Executors.Api -c Release -nologo -v quiet -clp:ErrorsOnly

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Executors="Host=127.0.0.1;Port=$PGPORT;Database=executors;Username=postgres"
export Database__MigrateOnStartup=true
export Database__SeedDemoData=true

say "Starting the API (migrations and demo data are applied at start-up)"
# The content root is the build output, where the appsettings files are copied.
(cd src/Executors.Api/bin/Release/net10.0 && exec dotnet Executors.Api.dll) &
API_PID=$!

url_of() { printf '%s' "$1" | sed -e 's#//\*#//localhost#' -e 's#//+#//localhost#' -e 's#//0\.0\.0\.0#//localhost#' -e 's#/$##'; }
BASE_URL=$(url_of "${ASPNETCORE_URLS%%;*}")
HTTPS_URL=""
IFS=';' read -ra URLS <<<"$ASPNETCORE_URLS"
for u in "${URLS[@]}"; do [[ "$u" == https://* ]] && HTTPS_URL=$(url_of "$u") && break; done
for _ in $(seq 1 120); do
  kill -0 "$API_PID" 2>/dev/null || die "the API exited during start-up; see its log above"
  if curl -fsk -o /dev/null "$BASE_URL/health/ready"; then break; fi
  sleep 0.5
done

cat <<BANNER

  Executors API is running at $BASE_URL${HTTPS_URL:+ and $HTTPS_URL (self-signed certificate in .local/ unless you configured one)}
  OpenAPI docs:      $BASE_URL/docs   (ReDoc: $BASE_URL/redoc)
  Health:            $BASE_URL/health/live, $BASE_URL/health/ready
  Demo users:        admin / admin (reader, writer), viewer / viewer (reader of master_account)   (Development only)
  Try it:
    curl -u admin:admin $BASE_URL/executors/Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB
BANNER
[ -n "$HTTPS_URL" ] && [ -n "${KEY:-}" ] && cat <<BANNER
    curl --cacert .local/dev-cert.pem -u admin:admin $HTTPS_URL/executors/Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB
BANNER
cat <<BANNER

  Press Ctrl-C to stop the API and the database.

BANNER

wait "$API_PID"
