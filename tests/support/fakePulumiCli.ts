// TEST DOUBLE: a `pulumi` CLI for the commands' unit tests, put first on PATH. It keeps a stack's
// exported state in a file and answers the few commands `npm run takeover` runs, as the engine does
// for them: `stack export` prints the state; `refresh --target URN…` drops those attachments (the AWS
// provider finds none under their old ids); `import --file F` adds the listed resources under the
// parent its name table gives; `config set`, `preview` and `up` succeed. Every call is logged.
// The engine tier runs the real CLI.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const script = `#!/usr/bin/env node
const fs = require("node:fs");
const dir = process.env.FAKE_PULUMI_DIR;
const args = process.argv.slice(2);
fs.appendFileSync(dir + "/calls.log", JSON.stringify(args) + "\\n");
const statePath = dir + "/state.json";
const state = JSON.parse(fs.readFileSync(statePath, "utf8"));
const fail = process.env.FAKE_PULUMI_FAIL;
if (fail && args[0] === fail) { console.error("error: " + fail + " failed (as the test asked)"); process.exit(1); }
if (args[0] === "stack" && args[1] === "export") { process.stdout.write(JSON.stringify(state)); process.exit(0); }
if (args[0] === "refresh") {
  const targets = args.flatMap((a, i) => (args[i - 1] === "--target" ? [a] : []));
  state.deployment.resources = state.deployment.resources.filter((r) => !targets.includes(r.urn));
}
if (args[0] === "import") {
  const file = JSON.parse(fs.readFileSync(args[args.indexOf("--file") + 1], "utf8"));
  for (const r of file.resources) {
    const parent = file.nameTable[r.parent];
    const urn = parent.split("::").slice(0, -1).join("::") + "$" + r.type + "::" + r.name;
    state.deployment.resources.push({ urn, type: r.type, id: r.id, parent, custom: true });
  }
}
fs.writeFileSync(statePath, JSON.stringify(state));
`;

export interface FakePulumi {
  /** Put first on PATH, with FAKE_PULUMI_DIR. */
  env: Record<string, string>;
  /** The arguments of every call, in order. */
  calls(): string[][];
  /** The state as it is now. */
  state(): { deployment: { resources: Record<string, any>[] } };
  remove(): void;
}

/** A fake `pulumi` holding `deployment` (the shape `pulumi stack export` prints). */
export function fakePulumi(deployment: unknown): FakePulumi {
  const dir = mkdtempSync(path.join(tmpdir(), "fake-pulumi-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "pulumi"), script);
  chmodSync(path.join(bin, "pulumi"), 0o755);
  writeFileSync(path.join(dir, "state.json"), JSON.stringify(deployment));
  writeFileSync(path.join(dir, "calls.log"), "");
  return {
    env: { PATH: `${bin}:${process.env.PATH}`, FAKE_PULUMI_DIR: dir },
    calls: () =>
      readFileSync(path.join(dir, "calls.log"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
    state: () => JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
