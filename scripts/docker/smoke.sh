#!/usr/bin/env bash
# Builds the repository's Dockerfile and runs compose.yaml (API, PostgreSQL on a volume, reference engine), then checks
# what a user would: the API healthy and ready, the demo's seed record, the engine at work, non-root and read-only
# containers, data kept across a restart that recreates the containers, and a clean stop. Loopback only, bounded
# (~10 min at most), and it removes its own project's containers, volume and network whatever happens.
#
#   scripts/docker/smoke.sh                                   # official base images (a machine that can pull them)
#   SDK_IMAGE=executors-standin/dotnet-sdk:10.0 RUNTIME_IMAGE=executors-standin/dotnet-aspnet:10.0 scripts/docker/smoke.sh
#
# Ends with "smoke: passed" (exit 0) or "smoke: FAILED: <what>" (exit 1).
set -euo pipefail
cd "$(dirname "$0")/../.."

PROJECT="executors-smoke-$$"
EXAMPLE_ID="Cq8hXU3pFmT2wzD1fWbJ6sKx9vNaR4LYe7gGHtPiAZoB"
DEADLINE=$((SECONDS + 600))
log() { printf '[smoke] %s\n' "$*"; }
fail() { log "FAILED: $*"; compose logs --no-color --tail 40 >&2 2>/dev/null || true; echo "smoke: FAILED: $*"; exit 1; }

if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
compose() { "${COMPOSE[@]}" -p "$PROJECT" -f compose.yaml "$@"; }
export DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-0}" COMPOSE_DOCKER_CLI_BUILD="${COMPOSE_DOCKER_CLI_BUILD:-0}"

cleanup() { compose down --volumes --timeout 20 >/dev/null 2>&1 || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
export EXECUTORS_API_BIND="127.0.0.1:$PORT" EXECUTORS_SEED_DEMO=true
export EXECUTORS_API_IMAGE="executors-api:smoke" EXECUTORS_ENGINE_IMAGE="executors-engine:smoke"
export POSTGRES_PASSWORD; POSTGRES_PASSWORD=$(random_secret)
ADMIN_PASSWORD=$(random_secret)
export ENGINE_PASSWORD; ENGINE_PASSWORD=$(random_secret)

log "building the images (${COMPOSE[*]}; SDK_IMAGE=${SDK_IMAGE:-default}, RUNTIME_IMAGE=${RUNTIME_IMAGE:-default})"
# The hashes come from the image itself, as the README tells users; placeholders satisfy compose's checks meanwhile.
EXECUTORS_ADMIN_HASH=pending ENGINE_PASSWORD_HASH=pending compose build --quiet 2>&1 | grep -v -e DEPRECATED -e BuildKit -e 'environment-variable' >&2 || true
docker image inspect "$EXECUTORS_API_IMAGE" >/dev/null 2>&1 || fail "the API image was not built"
docker image inspect "$EXECUTORS_ENGINE_IMAGE" >/dev/null 2>&1 || fail "the engine image was not built"
export EXECUTORS_ADMIN_HASH; EXECUTORS_ADMIN_HASH=$(printf '%s\n' "$ADMIN_PASSWORD" | docker run --rm -i "$EXECUTORS_API_IMAGE" hash-password)
export ENGINE_PASSWORD_HASH; ENGINE_PASSWORD_HASH=$(printf '%s\n' "$ENGINE_PASSWORD" | docker run --rm -i "$EXECUTORS_API_IMAGE" hash-password)
[[ "$EXECUTORS_ADMIN_HASH" =~ ^[A-Za-z0-9+/=]+$ ]] || fail "hash-password in the image printed more than a hash: $EXECUTORS_ADMIN_HASH"

wait_healthy() { # the image's own HEALTHCHECK (dotnet Executors.Api.dll healthcheck) must say healthy
  local id status
  id=$(compose ps -q api)
  while [ $SECONDS -lt $DEADLINE ]; do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || echo gone)
    [ "$status" = healthy ] && return 0
    [ "$status" = gone ] && fail "the API container went away"
    sleep 2
  done
  fail "the API did not become healthy"
}
api() { curl -sS --max-time 10 -u "admin:$ADMIN_PASSWORD" "$@"; }

log "starting the stack (project $PROJECT, API on $BASE)"
compose up -d >/dev/null 2>&1 || fail "compose up"
wait_healthy
[ "$(docker inspect -f '{{.State.ExitCode}}' "$(compose ps -q migrate)")" = 0 ] || fail "the migrate service did not exit 0"

log "checks: readiness, the seed record, non-root, read-only"
ready=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$BASE/health/ready")
[ "$ready" = 200 ] || fail "/health/ready answered $ready"
seed=$(api "$BASE/executors/$EXAMPLE_ID" | json 'd["executor_id"]') || fail "the seed record could not be read"
[ "$seed" = "$EXAMPLE_ID" ] || fail "the seed record came back as '$seed'"
unauth=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$BASE/executors/$EXAMPLE_ID")
[ "$unauth" = 401 ] || fail "an unauthenticated GET answered $unauth"
for service in api engine; do
  id=$(compose ps -q "$service")
  uid=$(docker exec "$id" id -u)
  [ "$uid" != 0 ] || fail "$service runs as root"
  [ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id")" = true ] || fail "$service's root filesystem is writable"
done

log "checks: the engine claims the demo's executors"
engine_seen=""
while [ $SECONDS -lt $DEADLINE ] && [ -z "$engine_seen" ]; do
  engine_seen=$(api "$BASE/engines" | json '" ".join(e["engine_id"] for e in (d if isinstance(d, list) else d.get("data", [])))' 2>/dev/null | grep -o compose-engine-1 || true)
  [ -n "$engine_seen" ] || sleep 2
done
[ -n "$engine_seen" ] || fail "the engine never appeared in GET /engines"

log "checks: a write survives the containers being recreated"
running=$(api -X POST -H 'Content-Type: application/json' -d '{"status":"RUNNING","limit":1}' "$BASE/executors/search" | json 'd["data"][0]["executor_id"]') \
  || fail "no RUNNING executor to write to"
marker="smoke-$PROJECT-$(random_secret)"
code=$(api -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d "{\"entries\":[{\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"level\":\"INFO\",\"message\":\"$marker\"}]}" \
  "$BASE/executors/$running/logs")
[ "$code" = 200 ] || fail "appending a log answered $code"
compose down --timeout 30 >/dev/null 2>&1 || fail "compose down"
EXECUTORS_SEED_DEMO=false compose up -d >/dev/null 2>&1 || fail "compose up again"
wait_healthy
api "$BASE/executors/$running/logs?limit=1000" | grep -q "$marker" || fail "the log written before the restart is gone"
seed=$(api "$BASE/executors/$EXAMPLE_ID" | json 'd["executor_id"]') || fail "the seed record is gone after the restart"

log "checks: no secret in the logs"
if compose logs --no-color 2>/dev/null | grep -q -e "$POSTGRES_PASSWORD" -e "$ADMIN_PASSWORD" -e "$ENGINE_PASSWORD"; then
  fail "a password appears in the containers' logs"
fi

log "checks: a clean stop (SIGTERM, not a kill)"
compose stop --timeout 30 >/dev/null 2>&1 || fail "compose stop"
for service in api engine postgres; do
  code=$(docker inspect -f '{{.State.ExitCode}}' "$(compose ps -q "$service")")
  [ "$code" = 0 ] || fail "$service stopped with exit code $code (137 is a kill after the timeout)"
done
compose logs --no-color postgres 2>/dev/null | grep -q "database system is shut down" || fail "PostgreSQL did not shut down cleanly"

log "all checks passed"
echo "smoke: passed"
