#!/usr/bin/env bash
# The whole test suite. Installs the pinned Azurite and contract tools (Redocly, Spectral,
# openapi-typescript, openapi-fetch, TypeScript) from package-lock.json (the tests start their own
# Azurite instances on free 127.0.0.1 ports) and, for the status page's browser tests, the system's
# Chromium from apt when /usr/bin/chromium is missing (Playwright never downloads a browser here),
# then builds the solution and runs its four test projects side by side.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "Node.js is required (for Azurite and the contract tools)." >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "The browser tests need Chromium at /usr/bin/chromium: run 'apt-get install chromium' as root (no sudo here)." >&2
    exit 1
  fi
  echo "Installing Chromium from apt for the browser tests..."
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  [ -x /usr/bin/chromium ] || { echo "apt-get installed no /usr/bin/chromium; the browser tests cannot run." >&2; exit 1; }
fi

npm ci --no-audit --no-fund --loglevel=error

# Build once, then run the four test projects side by side, each line of output prefixed with its project.
# `dotnet test ConnectionStatusFunctions.sln` ran them one after another here (its second MSBuild node sat idle
# while the browser tests ran), so the suite took the sum of the projects rather than the longest of them; and
# most of the browser tier's time is waiting on the browser and the app, which leaves the cores to the others.
# Arguments go to each project's `dotnet test` (e.g. --filter; a project with no test matching it passes).
dotnet build ConnectionStatusFunctions.sln --nologo
# Every test project under tests/ (the shared Testing library is not one), so a new one runs without an edit here.
projects=()
for dir in tests/ConnectionStatusFunctions.*.Tests; do
  name=${dir#tests/ConnectionStatusFunctions.}
  projects+=("${name%.Tests}")
done
declare -A project_of
for name in "${projects[@]}"; do
  (
    set +e
    dotnet test "tests/ConnectionStatusFunctions.$name.Tests" --no-build --nologo "$@" 2>&1 | sed -u "s/^/[$name] /"
    exit "${PIPESTATUS[0]}"
  ) &
  project_of[$!]=$name
done
trap 'kill "${!project_of[@]}" 2>/dev/null' INT TERM

failed=()
while ((${#project_of[@]})); do
  code=0
  wait -n -p finished "${!project_of[@]}" || code=$?
  [ "$code" -eq 0 ] || failed+=("${project_of[$finished]} (exit $code)")
  unset "project_of[$finished]"
done

if ((${#failed[@]})); then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
echo "All ${#projects[@]} test projects passed."
