// A server built by hand through the EC2 API, as the walkthrough does, taken under the stack's
// management with `npm run adopt`'s plan and one `pulumi up` through the real engine, against moto
// (the stand-in AWS provider, a TEST DOUBLE, where no real one is installed).
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { adoptionPlan } from "../../scripts/adopt/adoptionPlan";
import { discoverServer } from "../../scripts/adopt/discover";
import { buildByHand, httpFromAnywhere, type HandBuiltServer } from "../support/handBuiltServer";
import { motoCredentials } from "../../scripts/local/motoServer";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { runVerify } from "../support/verifyCommand";
import { engine } from "../../scripts/local/engineHarness";
import { LifecycleStack, stackKey } from "../../scripts/local/lifecycleStack";

describe(`adopting a hand-built server through the engine (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  const suite = motoVpcForSuite();
  let ec2: EC2Client;
  let built: HandBuiltServer;
  let stack: LifecycleStack;
  let config: Record<string, unknown>;

  before(async () => {
    ec2 = motoEc2Client(suite.moto.endpoint);
    built = await buildByHand(
      suite.moto.endpoint,
      suite.vpc.subnets.a1,
      suite.vpc.vpcId,
      "adopted",
      [httpFromAnywhere],
      [{ ingress: [], elasticIps: "all" }],
    );
    const plan = adoptionPlan(await discoverServer(ec2, built.instanceId));
    assert.deepEqual(plan.refusals, []);
    config = plan.config;
    stack = await LifecycleStack.create(
      suite.moto.endpoint,
      `enginetest${process.pid}adopt`,
      Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
          stackKey(key),
          { value: typeof value === "string" ? value : JSON.stringify(value) },
        ]),
      ),
    );
  });
  after(() => {
    stack?.dispose();
    ec2?.destroy();
  });

  it("imports every existing resource on the first up, creating nothing", async () => {
    const run = await stack.up();
    // Besides the imports, only what lives in Pulumi alone: the stack, the component, the provider.
    const ops = Object.entries(run.ops).filter(([name, list]) => {
      const inAws = run.types[name].startsWith("aws:") && run.types[name] !== "pulumi:providers:aws";
      // The instance then takes one update of userDataReplaceOnChange, a setting the provider keeps
      // in the stack alone (an import reads it as false): nothing is sent to EC2 for it.
      const expected = name === "web-instance" ? "import,update" : "import";
      return inAws ? list.join() !== expected : list.join() !== "create";
    });
    assert.deepEqual(ops, [], JSON.stringify(run.ops));
    const imported = Object.keys(run.ops).filter((name) => run.ops[name].includes("import")).length;
    assert.equal(imported, Object.keys((config.adopt as { importIds: object }).importIds).length);
    const outputs = await stack.outputs();
    assert.equal(outputs.instanceId, built.instanceId);
    assert.deepEqual([...(outputs.publicIps as string[])].sort(), [...built.publicIps].sort());
  });

  it("then previews no change, and verify passes", async () => {
    const run = await stack.preview();
    assert.deepEqual(run.ops, {});
    const dir = mkdtempSync(path.join(tmpdir(), "adopt-verify-"));
    try {
      const file = path.join(dir, "outputs.json");
      writeFileSync(file, JSON.stringify(await stack.outputs()));
      const verified = await runVerify(
        ["--outputs", file, "--endpoint", suite.moto.endpoint, "--skip-probe"],
        motoCredentials,
      );
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("then takes a normal change: an address added to eth1 gets its own Elastic IP, nothing else moves", async () => {
    const [eth1] = config.secondaryInterfaces as { privateIpAddresses: string[] }[];
    const held = new Set(
      ((await ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces ?? []).flatMap((e) =>
        (e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
      ),
    );
    const added = Array.from({ length: 50 }, (_, k) => `10.0.1.${200 + k}`).find((ip) => !held.has(ip))!;
    const secondaryInterfaces = [{ ...eth1, privateIpAddresses: [...eth1.privateIpAddresses, added] }];
    await stack.setConfig({ [stackKey("secondaryInterfaces")]: { value: JSON.stringify(secondaryInterfaces) } });
    const run = await stack.up();
    const eip = `web-eth1-ip-${added.replace(/\./g, "-")}-eip`;
    assert.deepEqual(run.ops, { "web-eth1": ["update"], [eip]: ["create"], [`${eip}-association`]: ["create"] });
    const outputs = await stack.outputs();
    assert.equal(outputs.instanceId, built.instanceId);
    assert.ok(built.publicIps.every((ip) => (outputs.publicIps as string[]).includes(ip)));
  });

  it("destroys the stack and leaves the hand-built server running with its addresses", async () => {
    await stack.destroy();
    const instances = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [built.instanceId] }));
    assert.equal(instances.Reservations?.[0]?.Instances?.[0]?.State?.Name, "running");
    const addresses = await ec2.send(new DescribeAddressesCommand({ AllocationIds: built.allocationIds }));
    assert.equal(addresses.Addresses?.filter((a) => a.AssociationId).length, built.allocationIds.length);
  });
});
