#!/usr/bin/env bash
# Assembles the folder the Azure Functions host expects for this custom handler:
#   publish/host.json, publish/<Function>/function.json for each function, publish/app/ (the app).
# Run `func start` in publish/ where Azure Functions Core Tools exist, or deploy the folder.
set -euo pipefail
cd "$(dirname "$0")"
out="${1:-publish}"

rm -rf "$out"
mkdir -p "$out"
dotnet publish src/ConnectionStatusFunctions.App -c Release -o "$out/app" --nologo -v quiet
cp host.json "$out/"
cp -r functions/* "$out/"
[ -f local.settings.json ] && cp local.settings.json "$out/" || cp local.settings.sample.json "$out/local.settings.json"
echo "Function app folder ready: $out"
