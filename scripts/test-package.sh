#!/usr/bin/env bash
# Package tests: the packed component installs and type-checks in a fresh project, and the
# TypeScript example type-checks and passes its unit test when installed from the tarball.
#   npm run test:package
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
npm_quiet() { npm "$@" --no-audit --no-fund --loglevel=error; }

tarball=$(bash "$root/scripts/pack-component.sh")
echo "packed $tarball"

# 1. The tarball holds the built package and nothing from the source tree.
contents=$(tar tzf "$tarball")
for required in package/dist/index.js package/dist/index.d.ts package/dist/failover/monitor.py package/dist/failover/monitor.py.gz.b85 package/package.json package/README.md package/CHANGELOG.md; do
  grep -qx "$required" <<<"$contents" || fail "$required is missing from the tarball"
done
if grep -E '\.ts$' <<<"$contents" | grep -vqE '\.d\.ts$'; then fail "TypeScript sources are in the tarball"; fi
rules_tarball="$(dirname "$tarball")/dual-homed-server-rules.tgz"
rules_contents=$(tar tzf "$rules_tarball")
for required in package/dist/index.js package/dist/index.d.ts package/data/instance-network-limits.json package/package.json; do
  grep -qx "$required" <<<"$rules_contents" || fail "$required is missing from the rules tarball"
done
echo "ok: tarball contents"

# 2. A fresh project installs it, imports it by name, and gets real types.
fresh=$(mktemp -d)
# Leaves nothing behind: the scratch project, the packed tarballs, and what the example installed.
trap 'rm -rf "$fresh" "$root/.pack" "$root/examples/two-servers-ts/node_modules" "$root/examples/two-servers-ts/package-lock.json"' EXIT
cd "$fresh"
npm_quiet init -y >/dev/null
npm_quiet install "$tarball" "$rules_tarball" @pulumi/pulumi@3.270.0 @pulumi/aws@7.48.0 typescript@6.0.3 @types/node@20.19.43
cat >tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "noEmit": true, "module": "nodenext", "moduleResolution": "nodenext", "target": "ES2022", "skipLibCheck": true, "types": ["node"] } }
JSON
cat >good.ts <<'TS'
import { DualHomedServer, type DualHomedServerArgs, type InterfaceInfo } from "dual-homed-server";
import { eniSameAzAsInstance, instanceNetworkLimitsTable, ruleNames } from "dual-homed-server-rules";
const args: DualHomedServerArgs = { subnetId: "subnet-1", secondaryInterfaces: [{ secondaryPrivateIpCount: 1 }] };
const server = new DualHomedServer("web", args);
export const urls = server.urls;
export const first = server.interfaces.apply((list: InterfaceInfo[]) => list[0].deviceIndex);
export const rule: string = ruleNames.eniSameAzAsInstance;
export const problems: string[] = eniSameAzAsInstance('"web"', "us-east-1a", []);
export const t3micro: number = instanceNetworkLimitsTable()["t3.micro"].maxNetworkInterfaces;
TS
npx tsc -p . || fail "the package does not type-check in a fresh project"
cat >bad.ts <<'TS'
import { DualHomedServer } from "dual-homed-server";
new DualHomedServer("web", { subnetId: "subnet-1", secondaryInterfaces: [{ secondaryPrivateIpCount: "2" }] });
TS
mv good.ts good.ts.off
if out=$(npx tsc -p . 2>&1); then
  fail "a string secondaryPrivateIpCount type-checked: the declarations are not real"
fi
grep -q "bad.ts(2,.*Type 'string' is not assignable to type 'number'" <<<"$out" || fail "unexpected type error: $out"
rm bad.ts
mv good.ts.off good.ts
node -e 'const m = require("dual-homed-server"); if (typeof m.DualHomedServer !== "function") process.exit(1);
  if (!require.resolve("dual-homed-server").endsWith("/dist/index.js")) process.exit(2);
  if (require("dual-homed-server-rules").instanceNetworkLimitsTable()["t3.micro"].maxNetworkInterfaces !== 2) process.exit(3);' ||
  fail "require('dual-homed-server') does not load dist/index.js"
echo "ok: fresh project installs, imports and type-checks the package"

# 3. The TypeScript example, installed from the tarball the way a user would.
cd "$root/examples/two-servers-ts"
rm -rf node_modules package-lock.json
npm_quiet install
npm run --silent typecheck || fail "examples/two-servers-ts does not type-check"
npm test || fail "examples/two-servers-ts unit test failed"
echo "ok: examples/two-servers-ts"
