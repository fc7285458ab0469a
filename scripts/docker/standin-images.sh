#!/usr/bin/env bash
# Builds local stand-ins for the base images that the Dockerfile, compose.yaml and the tests name, on a machine that
# cannot pull them (no container registry reachable, as in this project's CI). Needs root and a running Docker engine.
#
#   postgres:15.10-alpine               the tag the tests pin (PostgresServer.Image) and compose.yaml uses; PostgreSQL
#                                       15 from Debian's packages, with an entrypoint honouring the official contract
#   executors-standin/dotnet-aspnet:10.0   stands in for mcr.microsoft.com/dotnet/aspnet:10.0 (the host's runtimes)
#   executors-standin/dotnet-sdk:10.0      stands in for mcr.microsoft.com/dotnet/sdk:10.0 (the host's SDK)
#
# Use them with: docker build --build-arg SDK_IMAGE=executors-standin/dotnet-sdk:10.0 \
#                  --build-arg RUNTIME_IMAGE=executors-standin/dotnet-aspnet:10.0 .
# The Debian root filesystem (debootstrap, ~1 min) is kept in $STANDIN_DIR and reused. Where an official image can be
# pulled, none of this is needed.
set -euo pipefail
cd "$(dirname "$0")"

STANDIN_DIR="${STANDIN_DIR:-/var/tmp/executors-standin}"
POSTGRES_TAG="${POSTGRES_TAG:-postgres:15.10-alpine}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
log() { printf '[standin] %s\n' "$*"; }
# The classic builder's deprecation banner is not news; anything else it says on stderr is kept.
build() { docker build -q "$@" 2> >(grep -v -e DEPRECATED -e 'BuildKit is currently disabled' -e 'environment-variable' -e '^$' >&2) >/dev/null; }

[ "$(id -u)" = 0 ] || { echo "standin-images.sh: run as root (debootstrap needs it)" >&2; exit 1; }
docker version >/dev/null || { echo "standin-images.sh: no Docker engine answers" >&2; exit 1; }
export DOCKER_BUILDKIT=0   # Debian's engine has no buildx; the classic builder reads these Dockerfiles as they are

# 1. Debian bookworm, minimal, with what .NET and PostgreSQL need.
ROOTFS="$STANDIN_DIR/rootfs"
if [ ! -f "$ROOTFS/.complete" ]; then
  command -v debootstrap >/dev/null || {
    log "installing debootstrap (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  log "debootstrap bookworm into $ROOTFS"
  rm -rf "$ROOTFS"
  mkdir -p "$STANDIN_DIR"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,postgresql-15 \
    bookworm "$ROOTFS" "$MIRROR" > "$STANDIN_DIR/debootstrap.log" 2>&1 \
    || { tail -n 20 "$STANDIN_DIR/debootstrap.log" >&2; exit 1; }
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
  touch "$ROOTFS/.complete"
fi
if ! docker image inspect executors-standin/debian:bookworm >/dev/null 2>&1; then
  log "importing executors-standin/debian:bookworm"
  tar -C "$ROOTFS" --exclude=./.complete -c . | docker import - executors-standin/debian:bookworm >/dev/null
fi

# 2. PostgreSQL, tagged as the image the tests pin.
log "building $POSTGRES_TAG (stand-in)"
build -t "$POSTGRES_TAG" standin/postgres

# 3. .NET: the runtime image from the host's shared runtimes, the SDK image from the host's whole SDK.
CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT
mkdir -p "$CONTEXT/dotnet/shared"
cp -a "$DOTNET_ROOT_DIR/dotnet" "$DOTNET_ROOT_DIR/host" "$CONTEXT/dotnet/"
cp -a "$DOTNET_ROOT_DIR"/LICENSE.txt "$DOTNET_ROOT_DIR"/ThirdPartyNotices.txt "$CONTEXT/dotnet/" 2>/dev/null || true
cp -a "$DOTNET_ROOT_DIR/shared/Microsoft.NETCore.App" "$DOTNET_ROOT_DIR/shared/Microsoft.AspNetCore.App" "$CONTEXT/dotnet/shared/"
cp standin/dotnet/Dockerfile.aspnet "$CONTEXT/Dockerfile"
log "building executors-standin/dotnet-aspnet:10.0"
build -t executors-standin/dotnet-aspnet:10.0 "$CONTEXT"

rm -rf "$CONTEXT/dotnet"
cp -a "$DOTNET_ROOT_DIR" "$CONTEXT/dotnet"
mkdir -p "$CONTEXT/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$CONTEXT/ca-certificates/" 2>/dev/null || true
cp standin/dotnet/Dockerfile.sdk "$CONTEXT/Dockerfile"
log "building executors-standin/dotnet-sdk:10.0"
build -t executors-standin/dotnet-sdk:10.0 "$CONTEXT"

log "ready: $POSTGRES_TAG, executors-standin/dotnet-aspnet:10.0, executors-standin/dotnet-sdk:10.0"
