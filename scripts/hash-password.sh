#!/usr/bin/env bash
# Prints a password hash for Authentication:Users:N:PasswordHash on standard output, and nothing else, so that
#   HASH=$(scripts/hash-password.sh)                      # asks twice, without echo, at a terminal
#   HASH=$(printf '%s\n' "$PASSWORD" | scripts/hash-password.sh)
# capture exactly the hash. It builds the API quietly (Release, as ./run.sh does; build messages go to standard error)
# and runs its hash-password command: `dotnet run` is not used, because it prints "Using launch settings…" and
# "Building…" on standard output. Options are the command's own: --iterations N. Works from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# No build servers: nothing of the build outlives the command.
if ! dotnet build "$root/src/Executors.Api" -c Release -nologo -v quiet -clp:ErrorsOnly --disable-build-servers >&2; then
  echo "hash-password.sh: building src/Executors.Api failed (see above)" >&2
  exit 1
fi

exec dotnet "$root/src/Executors.Api/bin/Release/net10.0/Executors.Api.dll" hash-password "$@"
