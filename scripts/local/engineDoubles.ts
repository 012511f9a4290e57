// The engine tier's TEST DOUBLES (the stand-in Node.js language host and AWS provider) compiled to
// one JavaScript file each, so the engine starts them with plain `node`: under a TypeScript loader
// every one of the several starts per engine command spent most of a second resolving the SDK's
// modules. Built once per process from the current sources (esbuild, a few hundred milliseconds),
// into node_modules/.cache, where their packages still resolve; the bin/ wrappers fall back to the
// sources under tsx when ENGINE_DOUBLES_DIR does not name a build (docs/testing.md).
import { buildSync } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import * as path from "node:path";

const repoRoot = path.join(__dirname, "..", "..");
const outDir = path.join(repoRoot, "node_modules", ".cache", "dual-homed-server", "engine-doubles");
const doubles = {
  "language-host.cjs": path.join(repoRoot, "tests", "engine", "standInNodejsLanguageHost.ts"),
  "aws-provider.cjs": path.join(repoRoot, "tests", "engine", "standInAwsProvider.ts"),
};

let built: string | undefined;

/** The directory holding the compiled doubles, built on the first call of the process. */
export function engineDoublesDir(): string {
  if (!built) {
    mkdirSync(outDir, { recursive: true });
    for (const [name, entry] of Object.entries(doubles)) {
      // Written aside, then renamed: another test process may be starting the previous build.
      const staging = path.join(outDir, `.${name}.${process.pid}`);
      buildSync({
        entryPoints: [entry],
        outfile: staging,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node22",
        keepNames: true,
        logLevel: "warning",
        // The SDKs stay `require`s resolved at run time from the repository's node_modules; the
        // project's own rules are compiled in from source (their `source` export), as the tests'
        // loader reads them, and their data file is found where it is installed.
        conditions: ["source"],
        external: ["@*", "google-protobuf", "dual-homed-server-rules/instance-network-limits.json"],
      });
      renameSync(staging, path.join(outDir, name));
    }
    built = outDir;
  }
  return built;
}
