#!/usr/bin/env bash
# Builds and packs the component package and the rules package it depends on into .pack/, under
# the stable names .pack/dual-homed-server.tgz and .pack/dual-homed-server-rules.tgz that the
# examples install (until both are published). Prints the component tarball's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rm -rf .pack
mkdir -p .pack
for workspace in rules components; do
  tarball=$(npm pack --workspace "$workspace" --pack-destination .pack --silent | tail -n 1)
  name=$(node -p "require('./$workspace/package.json').name")
  cp ".pack/$tarball" ".pack/$name.tgz"
done
echo "$root/.pack/dual-homed-server.tgz"
