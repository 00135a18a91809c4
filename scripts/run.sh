#!/usr/bin/env bash
# Runs the console on the sandbox with demo data: installs what is missing,
# builds the release bundle, and serves it with the sandbox API. Prints the
# console URL, a demo token and demo tenant. Ctrl-C stops it.
#   API_PORT (default 8787), PORT (default 8080) and PORTAL_PORT (default
#   8081, the demo customer portal that embeds the console) choose the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

scripts/setup.sh --run-only
trunk build --release
cargo build --release -p sandbox

config=$(mktemp -t switchboard-config.XXXXXX.json)
trap 'rm -f "$config"' EXIT
cat > "$config" <<JSON
{
  "dimensionsApiBase": "__SANDBOX_API__/api",
  "telecomxApiBase": "__SANDBOX_API__/telecomx",
  "embedAllowedOrigins": ["__SANDBOX_PORTAL__"],
  "requestTimeoutSeconds": 15
}
JSON
exec_args=(--port "${API_PORT:-8787}" --static dist --static-port "${PORT:-8080}" --config-json "$config" --portal-port "${PORTAL_PORT:-8081}")
target/release/switchboard-sandbox "${exec_args[@]}"
