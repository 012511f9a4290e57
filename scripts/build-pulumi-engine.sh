#!/usr/bin/env bash
# Builds the Pulumi CLI and its language hosts from the Go module proxy into a cache outside the
# repository, and prints the directory holding the binaries (put it on PATH).
#   scripts/build-pulumi-engine.sh            # build unless the pinned versions are already cached
#   PULUMI_ENGINE_CACHE=/some/dir scripts/build-pulumi-engine.sh
# `pkg/v3` replaces `sdk/v3` with a local path, so `go install …@version` refuses it; a throwaway
# wrapper module that requires the modules at matching versions (and repeats their non-local
# replaces) builds the commands instead. The Node.js language host is built when the proxy serves
# it; otherwise the script says so on stderr and builds the rest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/pulumi-engine.env
source "$here/pulumi-engine.env"

cache="${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dual-homed-server}/pulumi-${PULUMI_VERSION}-yaml-${PULUMI_YAML_VERSION}"
bin="$cache/bin"
if [[ -x "$bin/pulumi" && -x "$bin/pulumi-language-yaml" ]] && [[ "$("$bin/pulumi" version 2>/dev/null)" == "$PULUMI_VERSION" ]]; then
  echo "pulumi $PULUMI_VERSION already built (0 s)" >&2
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "build-pulumi-engine: the Go toolchain (go) is required" >&2; exit 1; }
start=$(date +%s)
src="$cache/src"
rm -rf "$src"
mkdir -p "$src" "$bin"
# One line for the user; the Go toolchain's own output (hundreds of "go: downloading" lines, and
# the proxy's answers for modules it does not serve) goes to the log, shown only on failure.
log="$cache/build.log"
: >"$log"
echo "building the Pulumi CLI $PULUMI_VERSION and its language hosts from the Go module proxy (once, a few minutes; cached in $cache; log: $log)" >&2
exec 3>&2 2>>"$log"
trap 'status=$?; if ((status != 0)); then echo "build-pulumi-engine: the build failed (exit $status); the end of $log:" >&3; tail -n 20 "$log" >&3; fi' EXIT
cd "$src"

pkg=github.com/pulumi/pulumi/pkg/v3
sdk=github.com/pulumi/pulumi/sdk/v3
yaml=github.com/pulumi/pulumi-yaml
nodejs=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

# Downloads a module; prints its go.mod path, or the exact command and error when it is not served.
download() {
  local info
  if ! info=$(go mod download -json "$1" 2>&1); then
    {
      echo "build-pulumi-engine: the Go module proxy does not serve $1:"
      echo "  \$ go mod download -json $1"
      sed -n 's/.*"Error": "\(.*\)".*/  \1/p' <<<"$info"
    } >>"$log"
    return 1
  fi
  sed -n 's/.*"GoMod": "\(.*\)",/\1/p' <<<"$info"
}

modules=("$pkg@$PULUMI_VERSION" "$sdk@$PULUMI_VERSION" "$yaml@$PULUMI_YAML_VERSION")
with_nodejs=true
# The replaces that apply are those of the modules whose commands are built (a replace binds only
# its own main module): pkg's for the CLI, and the language hosts'.
gomods=()
for module in "${modules[@]}"; do
  gomod=$(download "$module") || { echo "build-pulumi-engine: the Go module proxy does not serve $module (details in $log)" >&3; exit 2; }
  [[ "$module" == "$sdk@"* ]] || gomods+=("$gomod")
done
if nodejs_gomod=$(download "$nodejs@$PULUMI_LANGUAGE_NODEJS_VERSION"); then
  modules+=("$nodejs@$PULUMI_LANGUAGE_NODEJS_VERSION")
  gomods+=("$nodejs_gomod")
else
  with_nodejs=false
  echo "build-pulumi-engine: the proxy does not serve the Node.js language host; building without it (TypeScript programs need an installed one; details in $log)" >&3
fi

{
  echo "module dual-homed-server.local/pulumi-engine"
  echo
  echo "go 1.26"
  echo
  for module in "${modules[@]}"; do echo "require ${module%@*} ${module#*@}"; done
} >go.mod
# Repeat the modules' replace directives that do not point at a local directory.
for gomod in "${gomods[@]}"; do
  go mod edit -json "$gomod" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const r of m.Replace ?? [])
      if (r.New.Version) console.log(`${r.Old.Path}${r.Old.Version ? "@" + r.Old.Version : ""}=${r.New.Path}@${r.New.Version}`);'
done | sort -u | while read -r replace; do go mod edit -replace "$replace"; done

export GOFLAGS="-mod=mod"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi" "$pkg/cmd/pulumi"
go build -trimpath -ldflags "-s -w" -o "$bin/pulumi-language-yaml" "$yaml/cmd/pulumi-language-yaml"
if $with_nodejs; then go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs" "$nodejs"; fi

echo "built the Pulumi engine $PULUMI_VERSION in $(($(date +%s) - start)) s" >&3
echo "$bin"
