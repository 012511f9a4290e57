// Each image family's user data as the component renders it under the mocked engine (TEST DOUBLE:
// `tests/support/mockedAwsEngine.ts`, whose image lookup names images as their publishers do):
// the family told from the image's name or from `osFamily`, an image of no supported family
// refused in one line, and each script run with bash against stand-ins for the package manager
// and the service manager, in a private mount and network namespace (tmpfs over /etc, /usr/local
// and /var, a network namespace with nothing but loopback), so it writes nothing on this machine.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { familyOfGivenImage, familyOfImage, type OsFamily } from "../../components/guest/osFamily";
import { routingHookPath, routingHookScript } from "../../components/guest/routingHook";
import { apacheUserData, defaultIndexHtml, maxUserDataBytes } from "../../components/userData";
import { failureOf, mockedImageNames, useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "../component/fixtures";

const page = "<h1>web</h1>\n";

async function userDataOf(args: Partial<DualHomedServerArgs>, role = "web-instance"): Promise<string> {
  const engine = await useMockedAwsEngine(subnets);
  const server = new DualHomedServer("web", { subnetId: "subnet-a1", indexHtml: page, ...args });
  await valueOf(server.instanceId);
  await engine.settle();
  return engine.byName(role).inputs.userData as string;
}

async function refusalOf(args: Partial<DualHomedServerArgs>): Promise<string> {
  const engine = await useMockedAwsEngine(subnets);
  let error: Error;
  try {
    // Problems found at construction are thrown there; the image's, during preview.
    const server = new DualHomedServer("web", { subnetId: "subnet-a1", ...args });
    error = await failureOf(server.instanceId);
  } catch (thrown) {
    error = thrown as Error;
  }
  await engine.settle();
  assert.deepEqual(
    engine.resources.filter((r) => r.custom).map((r) => r.name),
    [],
    "nothing may be created for a refused image",
  );
  return error.message;
}

/** The hook's text as the user data writes it (gzip and Base64, unpacked by base64 and gzip). */
function hookIn(userData: string): string {
  const packed = new RegExp(`^echo '([A-Za-z0-9+/=]+)' \\| base64 -d \\| gzip -dc > ${routingHookPath}$`, "m").exec(
    userData,
  );
  assert.ok(packed, "the user data does not write the routing hook");
  return gunzipSync(Buffer.from(packed[1], "base64")).toString("utf8");
}

/** Runs a user data script as cloud-init would, with stand-ins on PATH; returns what it left behind. */
function runUserData(userData: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "dhs-userdata-"));
  try {
    const bin = path.join(dir, "bin");
    mkdirSync(bin);
    const stub = (name: string, body = "") => {
      writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $*" >> ${dir}/calls\n${body}\n`);
      chmodSync(path.join(bin, name), 0o755);
    };
    for (const name of ["apt-get", "dnf", "udevadm", "networkctl", "nmcli", "restorecon", "firewall-cmd", "sleep"]) {
      stub(name);
    }
    stub("sysctl");
    stub("systemctl", 'if [ "$1" = is-active ]; then exit 3; fi');
    const copy = path.join(dir, "copy");
    writeFileSync(path.join(dir, "user-data.sh"), userData);
    // The paths the script writes, copied out before the namespace (and its tmpfs) goes.
    const written = [
      routingHookPath,
      "/etc/sysctl.d/90-dual-homed-server.conf",
      "/etc/systemd/network/90-dual-homed-server.network",
      "/etc/systemd/networkd.conf.d/90-dual-homed-server.conf",
      "/etc/systemd/system/dual-homed-server-routing@.service",
      "/etc/udev/rules.d/90-dual-homed-server.rules",
      "/etc/NetworkManager/dispatcher.d/50-dual-homed-server-routing",
      "/etc/NetworkManager/system-connections/dual-homed-server-dhcp.nmconnection",
      "/var/www/html/index.html",
    ];
    const save = written
      .map((file) => `[ ! -e ${file} ] || { mkdir -p ${copy}$(dirname ${file}) && cp -p ${file} ${copy}${file}; }`)
      .join("; ");
    const dirs = ["/etc/systemd/network", "/etc/systemd/system", "/etc/udev/rules.d", "/etc/sysctl.d"];
    const dirsFor = userData.includes("NetworkManager")
      ? ["/etc/NetworkManager/dispatcher.d", "/etc/NetworkManager/system-connections", "/etc/sysctl.d"]
      : dirs;
    const script = [
      "set -e",
      "mount -t tmpfs none /etc && mount -t tmpfs none /usr/local && mount -t tmpfs none /var",
      "mount -t sysfs none /sys",
      // What the image has before the user data runs.
      `mkdir -p ${dirsFor.join(" ")}`,
      `set +e; PATH=${bin}:/usr/bin:/bin:/usr/sbin:/sbin bash ${dir}/user-data.sh; status=$?; set -e`,
      save,
      "exit $status",
    ].join("\n");
    const result = spawnSync("unshare", ["-mn", "bash", "-c", script], { encoding: "utf8" });
    // Read before the directory goes.
    const files = new Map<string, { text: string; mode: number }>();
    for (const file of written) {
      try {
        const text = readFileSync(path.join(copy, file), "utf8");
        files.set(file, { text, mode: statSync(path.join(copy, file)).mode & 0o777 });
      } catch {
        // not written
      }
    }
    const read = (file: string) => files.get(file)?.text;
    const mode = (file: string) => files.get(file)?.mode;
    const calls = (() => {
      try {
        return readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n");
      } catch {
        return [];
      }
    })();
    return { status: result.status, stderr: result.stderr, read, mode, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the user data for each image family", () => {
  describe("telling the family from the image", () => {
    const names: [string, OsFamily | undefined][] = [
      ["al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64", "amazon-linux-2023"],
      ["al2023-ami-minimal-2023.6.20250107.0-kernel-6.1-arm64", "amazon-linux-2023"],
      ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250112", "ubuntu-22.04"],
      ["ubuntu-pro-server/images/hvm-ssd/ubuntu-jammy-22.04-amd64-pro-server-20250112", "ubuntu-22.04"],
      ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20250115", "ubuntu-24.04"],
      ["ubuntu-minimal/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-minimal-20250115", "ubuntu-24.04"],
      ["RHEL-9.5.0_HVM-20241211-x86_64-0-Hourly2-GP3", "rhel-9"],
      ["RHEL-8.10.0_HVM-20240605-x86_64-0-Hourly2-GP3", undefined],
      ["ubuntu/images/hvm-ssd/ubuntu-focal-20.04-amd64-server-20250110", undefined],
      ["amzn2-ami-kernel-5.10-hvm-2.0.20250108.0-x86_64-gp2", undefined],
      ["Windows_Server-2022-English-Full-Base-2025.01.15", undefined],
      ["debian-12-amd64-20250112-1993", undefined],
    ];
    for (const [name, family] of names) {
      it(`${name} → ${family ?? "refused"}`, () => assert.equal(familyOfImage({ imageId: "ami-1", name }), family));
    }

    it("an image it cannot place is refused in one line naming the image, its name and osFamily", () => {
      const { problem } = familyOfGivenImage({ imageId: "ami-0abc", name: "debian-12-amd64-20250112-1993" });
      assert.ok(problem);
      assert.doesNotMatch(problem, /\n/);
      assert.match(problem, /^supported-image: ami "ami-0abc" is "debian-12-amd64-20250112-1993", .*set osFamily to /);
    });
  });

  describe("through the component", () => {
    it("the default image (Amazon Linux 2023) keeps the user data it always had: no routing part", async () => {
      assert.equal(await userDataOf({}), apacheUserData(page));
      assert.equal(await userDataOf({ ami: "ami-0abc" }), apacheUserData(page));
    });

    for (const [ami, family, tool, server] of [
      ["ami-ubuntu-jammy", "ubuntu-22.04", "apt-get", "apache2"],
      ["ami-ubuntu-noble", "ubuntu-24.04", "apt-get", "apache2"],
      ["ami-rhel-9", "rhel-9", "dnf", "httpd"],
    ] as const) {
      it(`${mockedImageNames[ami]} is ${family}: ${tool} installs ${server}, and the routing hook is written as tested`, async () => {
        const userData = await userDataOf({ ami });
        assert.equal(await userDataOf({ ami: "ami-golden", osFamily: family }), userData, "osFamily gives the same");
        assert.match(userData, new RegExp(`^# dual-homed-server on ${family}$`, "m"));
        assert.match(userData, new RegExp(`if ${tool} .*install -y ${server}; then break; fi`));
        assert.match(userData, new RegExp(`^systemctl enable --now ${server}$`, "m"));
        assert.equal(hookIn(userData), routingHookScript, "the hook differs from what the namespace tests run");
        assert.equal(spawnSync("bash", ["-n"], { input: userData }).status, 0, "bash cannot parse the user data");
        // dash, Ubuntu's /bin/sh, where installed: the hook runs under it there.
        if (spawnSync("sh", ["-c", "command -v dash"]).status === 0) {
          assert.equal(spawnSync("dash", ["-n"], { input: routingHookScript }).status, 0, "the hook is not POSIX sh");
        }
        assert.ok(Buffer.byteLength(userData) < maxUserDataBytes);
      });
    }

    it("osFamily places an image whose name says no family (a golden image of your own)", async () => {
      const userData = await userDataOf({ ami: "ami-golden", osFamily: "rhel-9" });
      assert.match(userData, /^# dual-homed-server on rhel-9$/m);
    });

    it("osFamily contradicting the image's name is refused at preview in one line, naming both families", async () => {
      const message = await refusalOf({ ami: "ami-ubuntu-jammy", osFamily: "rhel-9" });
      const lines = message.split("\n");
      assert.equal(lines.length, 2, message);
      assert.equal(
        lines[1],
        `  - supported-image: ami "ami-ubuntu-jammy" is "${mockedImageNames["ami-ubuntu-jammy"]}", a ubuntu-22.04 image, ` +
          `but osFamily is "rhel-9", so the user data would configure the wrong distribution; set osFamily to ` +
          `"ubuntu-22.04" or remove it.`,
      );
    });

    for (const ami of ["ami-windows", "ami-amazon-linux-2"]) {
      it(`${mockedImageNames[ami]} is refused at preview in one line, naming osFamily`, async () => {
        const message = await refusalOf({ ami });
        const lines = message.split("\n");
        assert.equal(lines.length, 2, message);
        assert.equal(
          lines[1],
          `  - supported-image: ami "${ami}" is "${mockedImageNames[ami]}", which is not an image the user data knows ` +
            `how to configure (Amazon Linux 2023, Ubuntu 22.04 or 24.04, RHEL 9); set osFamily to ` +
            `"amazon-linux-2023", "ubuntu-22.04", "ubuntu-24.04", "rhel-9" if it is one of those, or give an image of one.`,
        );
      });
    }

    it("an osFamily it does not know is refused at construction", async () => {
      const message = await refusalOf({ osFamily: "debian-12" });
      assert.match(message, /supported-image: osFamily is "debian-12"; use one of "amazon-linux-2023", /);
    });

    it("a standby with failover gets the monitor and the same family's setup, within EC2's 16 KB", async () => {
      const userData = await userDataOf(
        { ami: "ami-rhel-9", standby: true, failover: true, indexHtml: defaultIndexHtml },
        "web-standby-instance",
      );
      assert.match(userData, /filename="00-dual-homed-server-failover.sh"/);
      assert.match(userData, /^# dual-homed-server on rhel-9$/m);
      assert.ok(Buffer.byteLength(userData) <= maxUserDataBytes, `${Buffer.byteLength(userData)} bytes`);
    });

    it("a page that fits only Amazon Linux 2023's setup is refused for a detected family, and passes with osFamily", async () => {
      // 13,336 bytes once base64-encoded: with Amazon Linux 2023's setup within 16 KB, with Ubuntu's or RHEL 9's not.
      const large = `<p>${"x".repeat(9993)}</p>`;
      assert.match(
        await refusalOf({ ami: "ami-0abc", indexHtml: large }),
        /user-data-within-limit: indexHtml makes \d+ bytes of user data .*; serve a smaller page, or set osFamily: the size is counted with the longest setup \((?:ubuntu-22\.04|ubuntu-24\.04|rhel-9)'s\) until the image is read\./,
      );
      const fits = await userDataOf({ ami: "ami-0abc", osFamily: "amazon-linux-2023", indexHtml: large });
      assert.ok(Buffer.byteLength(fits) <= maxUserDataBytes);
    });
  });

  describe("run as cloud-init runs it (stand-ins for the package and service managers)", function () {
    const unshareRefused = spawnSync("unshare", ["-mn", "true"]).status !== 0;
    before(function () {
      if (unshareRefused) this.skip();
    });
    if (unshareRefused)
      it("skipped: unshare -mn is not permitted here (private mount and network namespaces need root)", () =>
        undefined);

    for (const [ami, family] of [
      ["ami-ubuntu-jammy", "ubuntu-22.04"],
      ["ami-ubuntu-noble", "ubuntu-24.04"],
    ] as const) {
      it(`${family}: the hook, loose rp_filter, networkd DHCP for later interfaces, a udev rule and a unit per interface, then Apache`, async () => {
        const ran = runUserData(await userDataOf({ ami }));
        assert.equal(ran.status, 0, ran.stderr);
        assert.equal(ran.read(routingHookPath), routingHookScript);
        assert.equal(ran.mode(routingHookPath), 0o755);
        assert.match(ran.read("/etc/sysctl.d/90-dual-homed-server.conf")!, /net\.ipv4\.conf\.all\.rp_filter = 2/);
        assert.match(ran.read("/etc/systemd/network/90-dual-homed-server.network")!, /^Name=en\* eth\*$/m);
        // networkd would otherwise delete the hook's rules and routes whenever it configures a link.
        assert.equal(
          ran.read("/etc/systemd/networkd.conf.d/90-dual-homed-server.conf"),
          "[Network]\nManageForeignRoutingPolicyRules=no\nManageForeignRoutes=no\n",
        );
        assert.ok(ran.calls.includes("systemctl restart systemd-networkd"), ran.calls.join("\n"));
        assert.match(
          ran.read("/etc/udev/rules.d/90-dual-homed-server.rules")!,
          /KERNEL=="en\*\|eth\*", .*ENV\{SYSTEMD_WANTS\}\+="dual-homed-server-routing@\$name\.service"/,
        );
        const unit = ran.read("/etc/systemd/system/dual-homed-server-routing@.service")!;
        assert.match(unit, /^BindsTo=sys-subsystem-net-devices-%i\.device$/m);
        assert.match(unit, new RegExp(`^ExecStart=${routingHookPath} add %i$`, "m"));
        assert.match(unit, new RegExp(`^ExecStop=${routingHookPath} remove %i$`, "m"));
        assert.equal(ran.read("/var/www/html/index.html"), page);
        assert.ok(
          ran.calls.some((call) => /^apt-get .*install -y apache2$/.test(call)),
          ran.calls.join("\n"),
        );
        assert.ok(ran.calls.includes("systemctl enable --now apache2"), ran.calls.join("\n"));
        assert.ok(ran.calls.includes("systemctl daemon-reload"));
        assert.ok(!ran.calls.some((call) => call.startsWith("dnf")));
      });
    }

    it("rhel-9: the hook, a NetworkManager dispatcher script and a catch-all DHCP profile, then httpd", async () => {
      const ran = runUserData(await userDataOf({ ami: "ami-rhel-9" }));
      assert.equal(ran.status, 0, ran.stderr);
      assert.equal(ran.read(routingHookPath), routingHookScript);
      const dispatcher = "/etc/NetworkManager/dispatcher.d/50-dual-homed-server-routing";
      assert.equal(ran.mode(dispatcher), 0o755);
      assert.match(ran.read(dispatcher)!, new RegExp(`down\\) exec ${routingHookPath} remove "\\$1"`));
      const profile = "/etc/NetworkManager/system-connections/dual-homed-server-dhcp.nmconnection";
      assert.equal(ran.mode(profile), 0o600, "NetworkManager ignores a profile others can read");
      assert.match(ran.read(profile)!, /^autoconnect-priority=-100$/m);
      assert.equal(ran.read("/var/www/html/index.html"), page);
      assert.ok(ran.calls.includes("dnf install -y httpd"), ran.calls.join("\n"));
      assert.ok(ran.calls.includes("systemctl enable --now httpd"));
      assert.ok(!ran.calls.some((call) => call.startsWith("firewall-cmd")), "firewalld is not running here");
    });
  });
});
