import * as assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Row } from "../../scripts/verify/compare";
import { motoCredentials, startMotoServer, type MotoServer } from "../../scripts/local/motoServer";
import { runVerify, type VerifyRun } from "../support/verifyCommand";
import { createServerTopology, type TopologyFlaw } from "./motoServerTopology";

describe("npm run verify (against a local EC2 emulator, probing off)", function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let dir: string;

  before(async () => {
    moto = await startMotoServer();
    dir = mkdtempSync(path.join(tmpdir(), "verify-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await moto.stop();
  });

  async function verifyTopology(flaw: TopologyFlaw, extraArgs: string[] = ["--json"]) {
    const outputs = await createServerTopology(moto.endpoint, flaw);
    const file = path.join(dir, `${flaw}.json`);
    writeFileSync(file, JSON.stringify(outputs));
    const result = await runVerify(
      ["--outputs", file, "--endpoint", moto.endpoint, "--skip-probe", ...extraArgs],
      motoCredentials,
    );
    return { outputs, result };
  }

  it("passes a correct topology and exits 0", async () => {
    const { result, outputs } = await verifyTopology("none");
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; rows: Row[] };
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.rows.map((r) => [r.device, r.interface, r.az, r.expected, r.observed]),
      [
        [0, outputs.interfaces[0].networkInterfaceId, "us-east-1a", "page", "not probed"],
        [1, outputs.interfaces[1].networkInterfaceId, "us-east-1a", "blocked", "not probed"],
      ],
    );
  });

  it("prints a table with every column and a status per row", async () => {
    const { result } = await verifyTopology("none", []);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^INSTANCE\s+DEVICE\s+INTERFACE\s+SUBNET\s+AZ\s+SECURITY GROUP\s+PRIVATE IP\s+PUBLIC IP\s+EXPECTED\s+OBSERVED\s+STATUS/,
    );
    assert.match(result.stdout, /all 2 rows OK/);
  });

  it("fails an interface in another Availability Zone, saying so in its row", async () => {
    const { result } = await verifyTopology("interface-in-other-zone");
    assert.equal(result.code, 1);
    const rows = (JSON.parse(result.stdout) as { rows: Row[] }).rows;
    assert.equal(rows[0].ok, true);
    assert.equal(rows[1].ok, false);
    assert.deepEqual(rows[1].reasons, ["in us-east-1b but the instance is in us-east-1a"]);
  });

  it("fails an Elastic IP associated with the wrong address", async () => {
    const { result, outputs } = await verifyTopology("elastic-ip-on-wrong-address");
    assert.equal(result.code, 1);
    const rows = (JSON.parse(result.stdout) as { rows: Row[] }).rows;
    const wrong = rows.find((r) => r.publicIp === outputs.interfaces[1].publicIps[1]);
    assert.ok(wrong && !wrong.ok);
    assert.match(
      wrong.reasons.join(),
      new RegExp(
        `is on ${outputs.interfaces[0].networkInterfaceId}, expected ${outputs.interfaces[1].networkInterfaceId}`,
      ),
    );
    assert.equal(rows.filter((r) => !r.ok).length, 1);
  });

  it("fails an interface attached to the instance that the stack does not know", async () => {
    const { result } = await verifyTopology("extra-interface");
    assert.equal(result.code, 1);
    const extra = (JSON.parse(result.stdout) as { rows: Row[] }).rows.find((r) => r.expected === "absent");
    assert.ok(extra);
    assert.equal(extra.device, 2);
    assert.deepEqual(extra.reasons, ["attached to the instance but not in the stack's outputs"]);
  });

  describe("says in one line what to do when it cannot check", () => {
    const oneLine = (result: VerifyRun, pattern: RegExp) => {
      assert.equal(result.code, 2, result.stdout);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr, pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    };

    it("for a missing outputs file", async () => {
      oneLine(
        await runVerify(["--outputs", path.join(dir, "nope.json")]),
        /^verify: cannot read outputs file .*nope\.json: ENOENT/,
      );
    });

    it("for outputs of an older shape", async () => {
      const file = path.join(dir, "old.json");
      writeFileSync(
        file,
        JSON.stringify({ instanceId: "i-1", availabilityZone: "us-east-1a", publicIps: ["198.51.100.1"] }),
      );
      oneLine(
        await runVerify(["--outputs", file]),
        /has outputs of another shape \(no interfaces list\); run `pulumi up` with this version/,
      );
    });

    it("for an unreachable endpoint", async () => {
      const file = path.join(dir, "none.json"); // written by the first test
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
      const port = (closed.address() as { port: number }).port;
      await new Promise((r) => closed.close(r));
      oneLine(
        await runVerify(["--outputs", file, "--endpoint", `http://127.0.0.1:${port}`, "--skip-probe"], motoCredentials),
        /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check --endpoint/,
      );
    });

    it("for missing credentials", async () => {
      const file = path.join(dir, "none.json");
      const noFiles = {
        AWS_CONFIG_FILE: path.join(dir, "none"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
        AWS_REGION: "us-east-1",
      };
      oneLine(
        await runVerify(["--outputs", file, "--endpoint", moto.endpoint, "--skip-probe"], noFiles),
        /no AWS credentials found; set AWS_PROFILE/,
      );
    });

    it("for a missing stack, as the pulumi CLI reports it", async () => {
      // TEST DOUBLE: a stand-in `pulumi` that answers like the CLI does for an unknown stack.
      const bin = path.join(dir, "bin");
      mkdirSync(bin, { recursive: true });
      writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\necho \"error: no stack named 'prod' found\" >&2\nexit 255\n");
      chmodSync(path.join(bin, "pulumi"), 0o755);
      oneLine(
        await runVerify(["--stack", "prod"], { PATH: `${bin}:${process.env.PATH}` }),
        /stack "prod" not found .*; list stacks with `pulumi stack ls`/,
      );
    });

    it("when the pulumi CLI is not installed", async () => {
      oneLine(
        await runVerify(["--stack", "dev"], { PATH: path.dirname(process.execPath) }),
        /the pulumi CLI is not on PATH; install it, or pass --outputs <file>/,
      );
    });

    it("for a probe timeout of 0, while 0 retries and 0 backoff are accepted", async () => {
      const file = path.join(dir, "none.json");
      oneLine(
        await runVerify(["--outputs", file, "--timeout-ms", "0"]),
        /--timeout-ms is "0"; give a whole number, 1 or more/,
      );
      const accepted = await runVerify(
        ["--outputs", file, "--endpoint", moto.endpoint, "--skip-probe", "--retries", "0", "--backoff-ms", "0"],
        motoCredentials,
      );
      assert.equal(accepted.code, 0, accepted.stderr);
    });
  });
});
