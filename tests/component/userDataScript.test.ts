// Runs the user data the component generates with bash, against stand-ins for dnf, systemctl and
// sleep, in a private mount namespace whose /var is a fresh tmpfs (so the page it writes never
// touches this machine's /var). Needs `unshare` with mount namespaces (root, as in CI).
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DualHomedServer } from "dual-homed-server";
import { useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

const page = "<h1>web</h1>\n";

/** The user data the component gives its instance. */
async function userDataOf(indexHtml: string): Promise<string> {
  const engine = await useMockedAwsEngine(subnets);
  const server = new DualHomedServer("web", { subnetId: "subnet-a1", ami: "ami-1", indexHtml });
  await valueOf(server.instanceId);
  await engine.settle();
  return engine.byName("web-instance").inputs.userData as string;
}

/** Runs the script with `dnf` failing `failures` times first; returns exit code, stderr and what was recorded. */
function runUserData(userData: string, failures: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "userdata-"));
  try {
    const bin = path.join(dir, "bin");
    spawnSync("mkdir", [bin]);
    const stub = (name: string, body: string) => {
      writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(path.join(bin, name), 0o755);
    };
    stub(
      "dnf",
      `n=$(cat ${dir}/dnf-calls 2>/dev/null || echo 0); echo $((n+1)) > ${dir}/dnf-calls; [ "$n" -ge ${failures} ]`,
    );
    stub("sleep", `echo "$1" >> ${dir}/slept`);
    stub("systemctl", `echo "$*" > ${dir}/systemctl; cp /var/www/html/index.html ${dir}/served`);
    writeFileSync(path.join(dir, "user-data.sh"), userData);
    const result = spawnSync(
      "unshare",
      ["-m", "bash", "-c", `mount -t tmpfs none /var && PATH=${bin}:$PATH bash ${dir}/user-data.sh`],
      { encoding: "utf8" },
    );
    const read = (file: string) => {
      try {
        return readFileSync(path.join(dir, file), "utf8");
      } catch {
        return undefined;
      }
    };
    return {
      status: result.status,
      stderr: result.stderr,
      dnfCalls: Number(read("dnf-calls") ?? 0),
      slept: (read("slept") ?? "").split("\n").filter(Boolean),
      systemctl: read("systemctl")?.trim(),
      served: read("served"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the user data's first boot", function () {
  let userData: string;
  before(async function () {
    if (spawnSync("unshare", ["-m", "true"]).status !== 0) {
      throw new Error("these tests need `unshare -m` (mount namespaces; run as root, as CI does)");
    }
    userData = await userDataOf(page);
  });

  it("waits for the network when the install fails at first (the Elastic IP not yet associated), then serves the page", () => {
    const run = runUserData(userData, 3);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.dnfCalls, 4);
    assert.deepEqual(run.slept, ["10", "10", "10"]);
    assert.match(run.stderr, /dnf install failed \(try 1 of 60\); waiting 10 s for the network/);
    assert.equal(run.systemctl, "enable --now httpd");
    assert.equal(run.served, page);
  });

  it("gives up after 60 tries with a message, without starting Apache", () => {
    const run = runUserData(userData, 1000);
    assert.equal(run.status, 1);
    assert.equal(run.dnfCalls, 60);
    assert.match(run.stderr, /httpd could not be installed: no network after 60 tries/);
    assert.equal(run.systemctl, undefined);
  });
});
