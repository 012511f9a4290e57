import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { buildByHand, httpFromAnywhere } from "../support/handBuiltServer";
import { runRepoScript } from "../support/repoScript";
import { motoCredentials } from "../../scripts/local/motoServer";
import { motoVpcForSuite } from "../../scripts/local/motoTopology";

const adoptScript = path.join(__dirname, "..", "..", "scripts", "adopt.ts");
const prefix = "dual-homed-server-stack:";

const adopt = (args: string[]) => runRepoScript(adoptScript, args, { PATH: process.env.PATH, ...motoCredentials });

describe("npm run adopt (against a local EC2 emulator)", function () {
  this.timeout(120_000);
  const suite = motoVpcForSuite();
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "adopt-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function adoptInto(stack: string, instanceId: string) {
    const run = await adopt([
      "--instance",
      instanceId,
      "--stack",
      stack,
      "--dir",
      dir,
      "--endpoint",
      suite.moto.endpoint,
      "--region",
      "us-east-1",
    ]);
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const config = existsSync(file)
      ? (parse(readFileSync(file, "utf8")) as { config: Record<string, any> }).config
      : undefined;
    return { run, config, file };
  }

  it("writes the walkthrough's server as stack config, with the id of every resource to import", async () => {
    const built = await buildByHand(
      suite.moto.endpoint,
      suite.vpc.subnets.a1,
      suite.vpc.vpcId,
      "walkthrough",
      [httpFromAnywhere],
      [{ ingress: [], elasticIps: "all" }],
    );
    const { run, config } = await adoptInto("walkthrough", built.instanceId);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(config);
    assert.equal(config[`${prefix}subnetId`], suite.vpc.subnets.a1);
    assert.deepEqual(config[`${prefix}httpIngressCidrs`], ["0.0.0.0/0"]);
    assert.deepEqual(config[`${prefix}sshIngressCidrs`], []);
    assert.equal(config[`${prefix}instanceType`], "t3.large");
    assert.match(config[`${prefix}ami`], /^ami-/);
    assert.equal(config["aws:region"], "us-east-1");
    const [eth1] = config[`${prefix}secondaryInterfaces`];
    assert.equal(eth1.elasticIps, true);
    // moto adds the instance's groups to an interface attached to it (AWS does not): whatever EC2
    // reports beyond the interface's own group is kept as a group of the user's own.
    assert.deepEqual(
      eth1.securityGroupIds ?? [],
      built.reportedGroups[1].filter((g) => g !== built.groupIds[1]),
    );
    assert.deepEqual(eth1.ingress, []);
    assert.equal(eth1.description, "eth1 by hand");
    const adoptArgs = config[`${prefix}adopt`];
    assert.equal(adoptArgs.userData, "#!/bin/bash\nyum install -y httpd\n");
    const ids = adoptArgs.importIds as Record<string, string>;
    const eth1Address = eth1.privateIpAddresses[0].replace(/\./g, "-");
    assert.deepEqual(
      Object.keys(ids).sort(),
      [
        "eth0",
        "eth0-egress-all",
        "eth0-ingress-tcp-80-80-0.0.0.0-0",
        "eth0-ip0-eip",
        "eth0-ip0-eip-association",
        "eth0-sg",
        "eth1",
        "eth1-attachment",
        `eth1-ip-${eth1Address}-eip`,
        `eth1-ip-${eth1Address}-eip-association`,
        "eth1-sg",
        "instance",
      ].sort(),
    );
    assert.equal(ids.instance, built.instanceId);
    assert.deepEqual([ids.eth0, ids.eth1], built.interfaceIds);
    assert.deepEqual([ids["eth0-sg"], ids["eth1-sg"]], built.groupIds);
    assert.deepEqual([ids["eth0-ip0-eip"], ids[`eth1-ip-${eth1Address}-eip`]], built.allocationIds);
    assert.match(ids["eth0-ingress-tcp-80-80-0.0.0.0-0"], /^sgr-/);
    assert.deepEqual(adoptArgs.keep["eth0-sg"], ["name", "description", "tags"]);
  });

  it("writes a larger server: three interfaces, secondary addresses with and without Elastic IPs", async () => {
    const ssh = { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "203.0.113.0/24" }] };
    const https = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
    const built = await buildByHand(
      suite.moto.endpoint,
      suite.vpc.subnets.a1,
      suite.vpc.vpcId,
      "larger",
      [httpFromAnywhere, ssh],
      [
        { ingress: [https], secondaryAddresses: 1, elasticIps: "all" },
        { ingress: [], secondaryAddresses: 2, elasticIps: "none" },
      ],
    );
    const { run, config } = await adoptInto("larger", built.instanceId);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(config![`${prefix}sshIngressCidrs`], ["203.0.113.0/24"]);
    const [eth1, eth2] = config![`${prefix}secondaryInterfaces`];
    assert.equal(eth1.privateIpAddresses.length, 2);
    assert.equal(eth2.privateIpAddresses.length, 3);
    assert.deepEqual(eth1.ingress, [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]);
    assert.equal(eth2.elasticIps, false);
    const ids = config![`${prefix}adopt`].importIds as Record<string, string>;
    assert.ok(eth1.privateIpAddresses.every((ip: string) => ids[`eth1-ip-${ip.replace(/\./g, "-")}-eip`]));
    assert.match(ids["eth1-ingress-tcp-443-443-0.0.0.0-0"], /^sgr-/);
    assert.equal(ids["eth2-attachment"] !== undefined, true);
  });

  it("refuses what the component cannot express, one line each, and writes nothing", async () => {
    const https = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
    const built = await buildByHand(
      suite.moto.endpoint,
      suite.vpc.subnets.a1,
      suite.vpc.vpcId,
      "refused",
      [httpFromAnywhere, https],
      [{ ingress: [], secondaryAddresses: 1, elasticIps: "primary-only", portFromEth0Group: 8080 }],
    );
    const { run, config, file } = await adoptInto("refused", built.instanceId);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(config, undefined);
    assert.equal(existsSync(file), false);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 4, run.stderr);
    assert.match(
      lines[0],
      /^adopt: rule sgr-\S+ of sg-\S+ \(eth0's group\) lets in tcp 443-443: the component opens only port 80/,
    );
    assert.match(
      lines[1],
      /^adopt: rule sgr-\S+ of sg-\S+ \(eth1's group\) lets in sg-\S+: the component writes rules from CIDR blocks only/,
    );
    assert.match(
      lines[2],
      /^adopt: eni-\S+ \(eth1\) has Elastic IPs on some of its addresses only \(none on 10\.0\.1\.\d+\)/,
    );
    assert.match(lines[3], /^adopt: nothing written; fix the 3 item\(s\) above/);
  });
});
