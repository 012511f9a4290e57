// Interfaces on two network cards through the real engine against moto (the stand-in AWS provider,
// a TEST DOUBLE, where no real one is installed): a c6in.32xlarge with 16 interfaces, eth0 and 7
// more on card 0, 8 on card 1, each card numbering its device indexes from 1, as EC2 reports them
// (the tests' moto has network cards: scripts/local/moto_server_extended.py).
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine } from "../../scripts/local/engineHarness";
import { devStackConfig, LifecycleStack, stackKey } from "../../scripts/local/lifecycleStack";

interface InterfaceOutput {
  networkInterfaceId: string;
  networkCardIndex: number;
  deviceIndex: number;
}

describe(`interfaces on two network cards (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  const suite = motoVpcForSuite();
  let ec2Api: ec2.EC2Client;
  let stack: LifecycleStack;

  before(async () => {
    ec2Api = motoEc2Client(suite.moto.endpoint);
    stack = await LifecycleStack.create(
      suite.moto.endpoint,
      `enginetest${process.pid}cards`,
      devStackConfig({
        [stackKey("subnetId")]: suite.vpc.subnets.a1,
        [stackKey("instanceType")]: "c6in.32xlarge",
        // Elastic IPs on eth0 only: the interfaces are what this test is about.
        [stackKey("secondaryInterfaces")]: Array.from({ length: 15 }, () => ({ elasticIps: false })),
      }),
    );
  });
  after(async () => {
    await stack?.destroy().catch(() => undefined);
    stack?.dispose();
    ec2Api?.destroy();
  });

  it("attaches 16 interfaces, 8 on each card, device indexes from 1 on each, and destroy leaves none", async () => {
    await stack.up();
    const outputs = await stack.outputs();
    const interfaces = outputs.interfaces as InterfaceOutput[];
    assert.deepEqual(
      interfaces.map((i) => [i.networkCardIndex, i.deviceIndex]),
      [...Array.from({ length: 8 }, (_, i) => [0, i]), ...Array.from({ length: 8 }, (_, i) => [1, i + 1])],
    );
    const attached = await ec2Api.send(
      new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: interfaces.map((i) => i.networkInterfaceId) }),
    );
    for (const eni of interfaces) {
      const found = attached.NetworkInterfaces!.find((n) => n.NetworkInterfaceId === eni.networkInterfaceId)!;
      assert.equal(found.Attachment?.InstanceId, outputs.instanceId);
      assert.deepEqual(
        [found.Attachment?.NetworkCardIndex, found.Attachment?.DeviceIndex],
        [eni.networkCardIndex, eni.deviceIndex],
      );
    }
    // Each attachment's card and index, as the engine holds them.
    const state = (await stack.stack.exportStack()).deployment as {
      resources: { type: string; outputs: InterfaceOutput }[];
    };
    const slots = Object.fromEntries(
      state.resources
        .filter((r) => r.type === awsTypes.attachment)
        .map((r) => [r.outputs.networkInterfaceId, [r.outputs.networkCardIndex, r.outputs.deviceIndex]]),
    );
    for (const eni of interfaces.slice(1)) {
      assert.deepEqual(slots[eni.networkInterfaceId], [eni.networkCardIndex, eni.deviceIndex]);
    }

    await stack.destroy();
    assert.deepEqual((await ec2Api.send(new ec2.DescribeNetworkInterfacesCommand({}))).NetworkInterfaces ?? [], []);
  });
});
