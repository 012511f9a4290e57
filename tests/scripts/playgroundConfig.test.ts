// `npm run playground -- --config FILE` refuses a file that is not a stack config of the stack's own
// settings, in one line with exit code 2, before the emulator or anything else starts.
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../scripts/local/engineHarness";
import { runRepoScript } from "../support/repoScript";

const playgroundScript = path.join(repoRoot, "scripts", "playground.ts");

describe("npm run playground --config, checked before anything starts", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), "playground-config-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refusal = async (name: string, text: string | undefined, expected: RegExp) => {
    const file = path.join(dir, name);
    if (text !== undefined) writeFileSync(file, text);
    const run = await runRepoScript(playgroundScript, ["--config", file], { PATH: process.env.PATH }, repoRoot);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.ok(lines[0].startsWith(`playground: --config ${file}: `), lines[0]);
    assert.match(lines[0], expected);
    // Nothing started: no emulator, no session.
    assert.equal(existsSync(path.join(repoRoot, ".playground")), false);
  };

  it("refuses a file that does not exist", () => refusal("missing.yaml", undefined, /no such file/));

  it("refuses a file without settings under config:", () =>
    refusal("empty.yaml", "encryptionsalt: x\n", /no settings under `config:`/));

  it("refuses YAML that does not parse", () => refusal("broken.yaml", "config: [\n", /not YAML: /));

  it("refuses settings of another namespace, naming them", () =>
    refusal("aws.yaml", "config:\n  aws:region: eu-west-1\n", /not aws:region \(it points the AWS provider/));

  it("refuses encrypted values, naming the key", () =>
    refusal(
      "secret.yaml",
      "config:\n  dual-homed-server-stack:indexHtml:\n    secure: AAABAx\n",
      /dual-homed-server-stack:indexHtml: encrypted values belong to their own stack/,
    ));
});
