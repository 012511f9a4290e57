// The repository's TypeScript stack through the real engine, the way a user runs it:
// `pulumi preview [--policy-pack ./policies]` with Pulumi.dev.yaml's settings and moto's subnets.
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import * as path from "node:path";
import { motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine, previewProject, repoRoot } from "../../scripts/local/engineHarness";
import { devStackConfig as devConfig, stackKey } from "../../scripts/local/lifecycleStack";

describe(`the repository's TypeScript stack in the real engine (${engine.description})`, function () {
  this.timeout(300_000);
  const suite = motoVpcForSuite();

  it("previews Pulumi.dev.yaml's server and passes --policy-pack ./policies with the pack's default config", async () => {
    const result = await previewProject(repoRoot, {
      motoEndpoint: suite.moto.endpoint,
      config: devConfig({ [stackKey("subnetId")]: suite.vpc.subnets.a1 }),
    });
    assert.equal(result.succeeded, true, result.error);
    assert.deepEqual(result.policyEvents, []);
    // The walkthrough's resources: 2 groups, 1 ingress + 1 egress rule, 2 interfaces, the instance,
    // 1 attachment, 2 Elastic IPs and 2 associations, inside the component.
    assert.deepEqual(result.creates, {
      "pulumi:pulumi:Stack": 1,
      "pulumi:providers:aws": 1,
      "dual-homed-server:index:DualHomedServer": 1,
      [awsTypes.securityGroup]: 2,
      [awsTypes.ingressRule]: 1,
      [awsTypes.egressRule]: 1,
      [awsTypes.networkInterface]: 2,
      [awsTypes.instance]: 1,
      [awsTypes.attachment]: 1,
      [awsTypes.eip]: 2,
      [awsTypes.eipAssociation]: 2,
    });
  });

  it("refuses a secondary interface in another zone by the component's own check, in one short message", async () => {
    const result = await previewProject(repoRoot, {
      motoEndpoint: suite.moto.endpoint,
      withPack: false,
      config: devConfig({
        [stackKey("subnetId")]: suite.vpc.subnets.a1,
        [stackKey("secondaryInterfaces")]: [{ subnetId: suite.vpc.subnets.b1 }],
      }),
    });
    assert.equal(result.succeeded, false);
    const messages = result.errors.map((e) => e.message).join("\n");
    assert.match(
      messages,
      new RegExp(
        `DualHomedServer "web" cannot be deployed:\\n  - eni-same-az-as-instance: network interface eth1 ` +
          `\\(secondaryInterfaces\\[0\\]\\) is in subnet ${suite.vpc.subnets.b1} \\(us-east-1b\\) but instance "web" is in us-east-1a`,
      ),
    );
    assert.doesNotMatch(messages, /error serializing property/);
    assert.doesNotMatch(messages, /ResourceError|<ref \*1>|\n\s+at /, "no stack dump");
    // The problem is stated once, not once per output waiting on it.
    assert.equal(messages.split(suite.vpc.subnets.b1).length - 1, 1, messages);
    // How long the refusal takes is bench:refusal's figure, not this test's.
  });

  it("lets the pack stop a cross-zone interface whose subnets are created in the same program", async () => {
    const result = await previewProject(path.join(__dirname, "programs", "new-subnets"), {
      motoEndpoint: suite.moto.endpoint,
      config: { "new-subnets:vpcId": { value: suite.vpc.vpcId }, "new-subnets:secondaryZone": { value: "us-east-1b" } },
    });
    assert.equal(result.succeeded, false);
    const mandatory = result.policyEvents.filter((e) => e.enforcementLevel === "mandatory");
    assert.ok(mandatory.length > 0, JSON.stringify(result.policyEvents, null, 2));
    for (const event of mandatory) assert.equal(event.policyName, "eni-same-az-as-instance");
    assert.match(
      mandatory[0].message,
      /"web-eth1" is in subnet "secondary" \(us-east-1b\) but instance "web-instance" is in us-east-1a/,
    );
  });

  it("passes the same program when both subnets are in the instance's zone", async () => {
    const result = await previewProject(path.join(__dirname, "programs", "new-subnets"), {
      motoEndpoint: suite.moto.endpoint,
      config: { "new-subnets:vpcId": { value: suite.vpc.vpcId }, "new-subnets:secondaryZone": { value: "us-east-1a" } },
    });
    assert.equal(result.succeeded, true, result.error);
    assert.deepEqual(
      result.policyEvents.filter((e) => e.enforcementLevel === "mandatory"),
      [],
    );
  });
});

describe(`examples/two-servers-ts in the real engine (${engine.description})`, function () {
  this.timeout(600_000);
  const example = path.join(repoRoot, "examples", "two-servers-ts");
  const suite = motoVpcForSuite();

  // What this suite installs when the package tier has not (the tarballs, the example's packages
  // and lockfile), removed afterwards so that the run leaves the working tree as it found it.
  const installed = [
    path.join(repoRoot, ".pack"),
    path.join(example, "node_modules"),
    path.join(example, "package-lock.json"),
  ];
  let created: string[] = [];

  before(() => {
    // The example installs the component from the packed tarball, as a user's project would.
    if (!existsSync(path.join(example, "node_modules", "dual-homed-server"))) {
      created = installed.filter((p) => !existsSync(p));
      execFileSync("bash", [path.join(repoRoot, "scripts", "pack-component.sh")], { stdio: "ignore" });
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: example,
        stdio: "ignore",
      });
    }
  });
  after(() => {
    for (const p of created) rmSync(p, { recursive: true, force: true });
  });

  it("previews both servers with the pack", async () => {
    const result = await previewProject(example, {
      motoEndpoint: suite.moto.endpoint,
      config: {
        "two-servers-ts:subnetA": { value: suite.vpc.subnets.a1 },
        "two-servers-ts:subnetB": { value: suite.vpc.subnets.a2 },
      },
    });
    assert.equal(result.succeeded, true, result.error);
    assert.deepEqual(result.policyEvents, []);
    assert.equal(result.creates["dual-homed-server:index:DualHomedServer"], 2);
    // web: 2 interfaces; app: 3 interfaces, eth1 with 3 addresses (3 Elastic IPs), eth2 without any.
    assert.equal(result.creates[awsTypes.networkInterface], 5);
    assert.equal(result.creates[awsTypes.eip], 2 + 4);
  });
});
