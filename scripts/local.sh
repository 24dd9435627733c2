#!/usr/bin/env bash
# The local backend, for development and tests (docs/local-backend.md): the Functions app's own HTTP functions and
# queue processing on 127.0.0.1, backed by Azurite (node_modules) and the in-process Service Bus test host. No Azure.
#
#   bash scripts/local.sh [--demo] [--port N] [--no-build] [--verbose]
#   bash scripts/local.sh token --role Operator|PortfolioReader|TenantReader|Collector [--tenant T]... [--environment E]...
#
# The deployed product is the Azure Functions app; this is a way to try it locally. Stop it with Ctrl+C (or SIGTERM).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/testing/VmmAssess.LocalBackend"
program="$project/bin/Debug/net10.0/VmmAssess.LocalBackend.dll"

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

# The token command uses the program as built; it builds only when there is nothing to run yet.
if [ "${args[0]:-}" = "token" ] && [ -f "$program" ]; then build=0; fi

if [ "$build" = 1 ]; then
  if [ ! -f "$root/node_modules/azurite/dist/src/table/main.js" ]; then
    echo "Installing Azurite (npm ci)..." >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  echo "Building the local backend..." >&2
  dotnet build "$project" --nologo -v q -clp:ErrorsOnly >&2
fi

# exec: the program is this process, so Ctrl+C and SIGTERM reach it directly and it stops Azurite on the way out.
exec dotnet "$program" "${args[@]}"
