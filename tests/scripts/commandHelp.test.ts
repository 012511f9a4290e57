import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");

/** Every command the README names, as its npm script runs it. */
const commands: Record<string, string> = {
  "npm run verify": "scripts/verify.ts",
  "npm run limits:build": "scripts/build-instance-network-limits.ts",
  "npm run bench:policies": "bench/policyPack.bench.ts",
  "npm run bench:engine": "bench/enginePreview.bench.ts",
  "npm run bench:lifecycle": "bench/lifecycle.bench.ts",
  "npm run playground": "scripts/playground.ts",
  "npm run takeover": "scripts/takeover.ts",
  "npm run failover:embed": "scripts/embed-failover-monitor.ts",
  "npm run bench:failover": "bench/failover.bench.ts",
  "npm run adopt": "scripts/adopt.ts",
};

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", script, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("every command answers --help and refuses unknown options with its usage", function () {
  this.timeout(60_000);
  for (const [command, script] of Object.entries(commands)) {
    it(`${command} -- --help prints its options, defaults and exit codes, and exits 0`, () => {
      const result = run(script, "--help");
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^usage: ${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      assert.match(result.stdout, /--help +this text/);
      assert.match(result.stdout, /Exit codes: 0 /);
    });

    it(`${command} -- --no-such-option names the option, prints the usage and exits 2`, () => {
      const result = run(script, "--no-such-option");
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /Unknown option '--no-such-option'/);
      assert.match(result.stderr, /usage: /);
    });
  }
});
