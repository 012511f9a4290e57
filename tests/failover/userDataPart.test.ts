import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { embeddedMonitor } from "../../components/failover/monitorSource";
import { failoverPaths, failoverUserDataPart, type MonitorSettings } from "../../components/failover/userDataPart";
import { carriedMonitor, sameProgram } from "../../scripts/failover/compactMonitor";
import { monitorScript } from "../support/failoverRig";

const settings: MonitorSettings = {
  serverName: "web",
  checks: [
    { name: "eth0", address: "10.0.1.10" },
    { name: "eth1", address: "10.0.1.11" },
  ],
  primaryInterfaceId: "eni-0eth0",
  interfaces: [{ name: "eth1", id: "eni-0eth1", deviceIndex: 1, networkCardIndex: 0 }],
  healthCheck: {
    path: "/",
    port: 80,
    intervalSeconds: 5,
    unhealthyThreshold: 3,
    timeoutSeconds: 2,
    unhealthyWhen: "all",
    healthyStatusCodes: "200-399",
  },
  confirmation: "ec2-status",
  fencing: true,
  topicArn: "arn:aws:sns:us-east-1:123456789012:web-failover",
};

/** Where a command lives, for a PATH that holds only the commands the script may use. */
function which(command: string): string {
  return execFileSync("bash", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim();
}

describe("the standby's failover part of the user data", () => {
  it("carries monitor.py's program without its docstrings and comments (npm run failover:embed keeps the two together)", () => {
    const carried = carriedMonitor(embeddedMonitor());
    const source = readFileSync(monitorScript, "utf8");
    assert.ok(sameProgram(carried, source), "monitor.py.gz.b85 is stale: run npm run failover:embed");
    assert.doesNotMatch(carried, /"""|^\s*#/m);
    // It runs: without a config it prints its usage.
    const run = spawnSync(process.env.FAILOVER_MONITOR_PYTHON ?? "python3", ["-c", carried], { encoding: "utf8" });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /usage: monitor\.py CONFIG\.json/);
  });

  it("installs the monitor, its config and a systemd service with nothing but what Amazon Linux 2023 ships", () => {
    const root = mkdtempSync(path.join(tmpdir(), "failover-part-"));
    try {
      // TEST DOUBLE: systemctl, recording its calls. Every other command is the real one, and
      // nothing else is on PATH: a package manager or a download would fail the script.
      const bin = path.join(root, "bin");
      mkdirSync(bin);
      for (const tool of ["install", "cat"]) symlinkSync(which(tool), path.join(bin, tool));
      const python = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
      symlinkSync(python, path.join(bin, "python3"));
      writeFileSync(path.join(bin, "systemctl"), `#!/bin/bash\necho "$*" >> "${root}/systemctl.log"\n`);
      chmodSync(path.join(bin, "systemctl"), 0o755);
      const part = failoverUserDataPart(settings);
      assert.equal(part.fileName, "00-dual-homed-server-failover.sh");
      const run = spawnSync("/bin/bash", ["-c", part.script], {
        env: { PATH: bin, DUAL_HOMED_SERVER_ROOT: root },
        encoding: "utf8",
      });
      assert.equal(run.status, 0, run.stderr);
      const installed = readFileSync(path.join(root, failoverPaths.monitor), "utf8");
      assert.ok(sameProgram(installed, readFileSync(monitorScript, "utf8")));
      assert.deepEqual(JSON.parse(readFileSync(path.join(root, failoverPaths.config), "utf8")), {
        serverName: "web",
        checks: [
          { name: "eth0", url: "http://10.0.1.10:80/" },
          { name: "eth1", url: "http://10.0.1.11:80/" },
        ],
        selfCheckUrl: "http://127.0.0.1:80/",
        unhealthyWhen: "all",
        healthyStatusCodes: "200-399",
        intervalSeconds: 5,
        unhealthyThreshold: 3,
        timeoutSeconds: 2,
        confirmation: "ec2-status",
        fence: true,
        topicArn: "arn:aws:sns:us-east-1:123456789012:web-failover",
        primaryInterfaceId: "eni-0eth0",
        interfaces: settings.interfaces,
      });
      const unit = readFileSync(path.join(root, failoverPaths.unit), "utf8");
      assert.match(
        unit,
        new RegExp(`^ExecStart=/usr/bin/python3 ${failoverPaths.monitor} ${failoverPaths.config}$`, "m"),
      );
      assert.match(unit, /^Restart=always$/m);
      assert.match(unit, /^StateDirectory=dual-homed-server-failover$/m);
      assert.match(unit, /^DynamicUser=yes$/m);
      assert.equal(
        readFileSync(path.join(root, "systemctl.log"), "utf8"),
        "daemon-reload\nenable --now --no-block dual-homed-server-failover.service\n",
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
