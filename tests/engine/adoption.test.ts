// A server built by hand through the EC2 API, as the walkthrough does, taken under the stack's
// management with `npm run adopt`'s plan and one `pulumi up` through the real engine, against moto
// (the stand-in AWS provider, a TEST DOUBLE, where no real one is installed).
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  type EC2Client,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { adoptionPlan } from "../../scripts/adopt/adoptionPlan";
import { discoverServer } from "../../scripts/adopt/discover";
import {
  buildByHand,
  httpFromAnywhere,
  type HandBuiltInterface,
  type HandBuiltServer,
} from "../support/handBuiltServer";
import { motoCredentials } from "../../scripts/local/motoServer";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { runVerify } from "../support/verifyCommand";
import { engine } from "../../scripts/local/engineHarness";
import { LifecycleStack, stackKey } from "../../scripts/local/lifecycleStack";

/** A hand-built layout to adopt: eth0's inbound rules and each further interface. */
interface Layout {
  eth0Ingress: IpPermission[];
  secondaries: HandBuiltInterface[];
}

/** Builds the layout by hand in moto, plans its adoption and creates a stack from that plan. */
function adoptedStack(suite: ReturnType<typeof motoVpcForSuite>, name: string, layout: Layout) {
  const state = {} as {
    ec2: EC2Client;
    built: HandBuiltServer;
    stack: LifecycleStack;
    config: Record<string, unknown>;
  };
  before(async () => {
    state.ec2 = motoEc2Client(suite.moto.endpoint);
    state.built = await buildByHand(
      suite.moto.endpoint,
      suite.vpc.subnets.a1,
      suite.vpc.vpcId,
      name,
      layout.eth0Ingress,
      layout.secondaries,
    );
    const plan = adoptionPlan(await discoverServer(state.ec2, state.built.instanceId));
    assert.deepEqual(plan.refusals, []);
    state.config = plan.config;
    state.stack = await LifecycleStack.create(
      suite.moto.endpoint,
      `enginetest${process.pid}${name}`,
      Object.fromEntries(
        Object.entries(state.config).map(([key, value]) => [
          stackKey(key),
          { value: typeof value === "string" ? value : JSON.stringify(value) },
        ]),
      ),
    );
  });
  after(() => {
    state.stack?.dispose();
    state.ec2?.destroy();
  });
  return state;
}

/** The first up imports everything and creates nothing in AWS; ids and public addresses stay. */
async function importsEverything(state: ReturnType<typeof adoptedStack>): Promise<void> {
  const { stack, config, built } = state;
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
}

/** A preview shows no change, and verify passes against EC2. */
async function previewsNothingAndVerifies(state: ReturnType<typeof adoptedStack>, endpoint: string): Promise<void> {
  const run = await state.stack.preview();
  assert.deepEqual(run.ops, {});
  const dir = mkdtempSync(path.join(tmpdir(), "adopt-verify-"));
  try {
    const file = path.join(dir, "outputs.json");
    writeFileSync(file, JSON.stringify(await state.stack.outputs()));
    const verified = await runVerify(["--outputs", file, "--endpoint", endpoint, "--skip-probe"], motoCredentials);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Destroying the stack leaves the instance running and every Elastic IP associated. */
async function destroyLeavesTheServer(state: ReturnType<typeof adoptedStack>): Promise<void> {
  const { stack, ec2, built } = state;
  await stack.destroy();
  const instances = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [built.instanceId] }));
  assert.equal(instances.Reservations?.[0]?.Instances?.[0]?.State?.Name, "running");
  const addresses = await ec2.send(new DescribeAddressesCommand({ AllocationIds: built.allocationIds }));
  assert.equal(addresses.Addresses?.filter((a) => a.AssociationId).length, built.allocationIds.length);
  const interfaces = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: built.interfaceIds }));
  assert.deepEqual(
    (interfaces.NetworkInterfaces ?? []).map((e) => e.Attachment?.InstanceId),
    built.interfaceIds.map(() => built.instanceId),
  );
}

describe(`adopting a hand-built server through the engine (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  const suite = motoVpcForSuite();
  const state = adoptedStack(suite, "adopt", {
    eth0Ingress: [httpFromAnywhere],
    secondaries: [{ ingress: [], elasticIps: "all" }],
  });

  it("imports every existing resource on the first up, creating nothing", () => importsEverything(state));

  it("then previews no change, and verify passes", () => previewsNothingAndVerifies(state, suite.moto.endpoint));

  it("then takes a normal change: an address added to eth1 gets its own Elastic IP, nothing else moves", async () => {
    const { stack, config, built, ec2 } = state;
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

  it("destroys the stack and leaves the hand-built server running with its addresses", () =>
    destroyLeavesTheServer(state));
});

describe(`adopting a larger hand-built server through the engine (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  const suite = motoVpcForSuite();
  const ssh: IpPermission = { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "203.0.113.0/24" }] };
  const https: IpPermission = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
  // Three interfaces: eth1 with a secondary address, an Elastic IP on each of its two; eth2 with two
  // secondary addresses and no Elastic IP.
  const state = adoptedStack(suite, "adoptlarge", {
    eth0Ingress: [httpFromAnywhere, ssh],
    secondaries: [
      { ingress: [https], secondaryAddresses: 1, elasticIps: "all" },
      { ingress: [], secondaryAddresses: 2, elasticIps: "none" },
    ],
  });

  it("plans three interfaces: eth1 with two addresses and their Elastic IPs, eth2 with three and none", () => {
    const [eth1, eth2] = state.config.secondaryInterfaces as { privateIpAddresses: string[]; elasticIps: boolean }[];
    assert.equal(eth1.privateIpAddresses.length, 2);
    assert.equal(eth1.elasticIps, true);
    assert.equal(eth2.privateIpAddresses.length, 3);
    assert.equal(eth2.elasticIps, false);
  });

  it("imports every existing resource on the first up, creating nothing", () => importsEverything(state));

  it("then previews no change, and verify passes", () => previewsNothingAndVerifies(state, suite.moto.endpoint));

  it("keeps every private address where it was", async () => {
    const interfaces = await state.ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: state.built.interfaceIds }),
    );
    const planned = state.config.secondaryInterfaces as { privateIpAddresses: string[] }[];
    const held = (id: string) =>
      (interfaces.NetworkInterfaces ?? [])
        .find((e) => e.NetworkInterfaceId === id)!
        .PrivateIpAddresses!.map((a) => a.PrivateIpAddress)
        .sort();
    planned.forEach((eni, k) =>
      assert.deepEqual(held(state.built.interfaceIds[k + 1]), [...eni.privateIpAddresses].sort()),
    );
  });

  it("destroys the stack and leaves the hand-built server running with its addresses", () =>
    destroyLeavesTheServer(state));
});
