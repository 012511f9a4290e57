#!/usr/bin/env bash
# Builds the Pulumi CLI and its Node.js language host from the Go module proxy into a cache outside
# the repository, and prints the directory holding both binaries (put it on PATH).
#   scripts/build-pulumi-engine.sh            # build unless the pinned version is already cached
#   PULUMI_ENGINE_CACHE=/some/dir scripts/build-pulumi-engine.sh
# `pkg/v3` replaces `sdk/v3` with a local path, so `go install …@version` refuses it; a throwaway
# wrapper module that requires both at the same version (and repeats their non-local replaces)
# builds the commands instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/pulumi-engine.env
source "$here/pulumi-engine.env"

cache="${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dual-homed-server}/pulumi-${PULUMI_VERSION}"
bin="$cache/bin"
if [[ -x "$bin/pulumi" && -x "$bin/pulumi-language-nodejs" ]] &&
  [[ "$("$bin/pulumi" version 2>/dev/null)" == "$PULUMI_VERSION" ]]; then
  echo "pulumi $PULUMI_VERSION already built (0 s)" >&2
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "build-pulumi-engine: the Go toolchain (go) is required" >&2; exit 1; }
start=$(date +%s)
src="$cache/src"
rm -rf "$src"
mkdir -p "$src" "$bin"
cd "$src"

pkg=github.com/pulumi/pulumi/pkg/v3
sdk=github.com/pulumi/pulumi/sdk/v3
nodejs=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

cat >go.mod <<MOD
module dual-homed-server.local/pulumi-engine

go 1.26

require (
	$pkg $PULUMI_VERSION
	$sdk $PULUMI_VERSION
	$nodejs $PULUMI_LANGUAGE_NODEJS_VERSION
)
MOD

# Every module must come from the proxy; say exactly which one does not.
replaces=()
for module in "$pkg@$PULUMI_VERSION" "$sdk@$PULUMI_VERSION" "$nodejs@$PULUMI_LANGUAGE_NODEJS_VERSION"; do
  if ! info=$(go mod download -json "$module" 2>&1); then
    echo "build-pulumi-engine: the Go module proxy does not serve $module:" >&2
    echo "  \$ go mod download -json $module" >&2
    sed -n 's/.*"Error": "\(.*\)".*/  \1/p' <<<"$info" >&2
    exit 2
  fi
  gomod=$(sed -n 's/.*"GoMod": "\(.*\)",/\1/p' <<<"$info")
  # Repeat the module's replace directives that do not point at a local directory.
  while read -r replace; do
    [[ -n "$replace" ]] && replaces+=("$replace")
  done < <(go mod edit -json "$gomod" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const r of m.Replace ?? [])
      if (r.New.Version) console.log(`${r.Old.Path}${r.Old.Version ? "@" + r.Old.Version : ""}=${r.New.Path}@${r.New.Version}`);')
done
for replace in $(printf '%s\n' "${replaces[@]}" | sort -u); do go mod edit -replace "$replace"; done

export GOFLAGS="-mod=mod"
go mod download all >/dev/null 2>&1 || true
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi" "$pkg/cmd/pulumi"
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs" "$nodejs"

echo "built pulumi $PULUMI_VERSION and pulumi-language-nodejs in $(($(date +%s) - start)) s" >&2
echo "$bin"
