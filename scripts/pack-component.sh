#!/usr/bin/env bash
# Builds and packs the component package into .pack/, and copies it to the stable name
# .pack/dual-homed-server.tgz that the examples install. Prints the tarball's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rm -rf .pack
mkdir -p .pack
tarball=$(npm pack --workspace components --pack-destination .pack --silent | tail -n 1)
cp ".pack/$tarball" .pack/dual-homed-server.tgz
echo "$root/.pack/dual-homed-server.tgz"
