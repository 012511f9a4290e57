// A new interface with written-out private addresses through the real engine, against moto (the
// stand-in AWS provider, a TEST DOUBLE, where no real one is installed): planned, created as
// written, refused at preview when an address is outside its subnet, and refused when a later
// list leaves out the interface's primary address (a replacement in the provider's plan).
import { DescribeAddressesCommand, DescribeNetworkInterfacesCommand, EC2Client } from "@aws-sdk/client-ec2";
import * as assert from "node:assert/strict";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine } from "../../scripts/local/engineHarness";
import { devStackConfig, LifecycleStack, stackKey } from "../../scripts/local/lifecycleStack";

interface InterfaceOutput {
  networkInterfaceId: string;
  privateIps: string[];
  publicIps: string[];
}

describe(`written-out private addresses on a new interface (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  const suite = motoVpcForSuite({});
  let stack: LifecycleStack;
  let ec2: EC2Client;
  const written = (addresses: string[]) => ({
    [stackKey("secondaryInterfaces")]: { value: JSON.stringify([{ privateIpAddresses: addresses }]) },
  });

  before(async () => {
    ec2 = motoEc2Client(suite.moto.endpoint);
    stack = await LifecycleStack.create(
      suite.moto.endpoint,
      `enginetest${process.pid}written`,
      devStackConfig({ [stackKey("subnetId")]: suite.vpc.subnets.a1, [stackKey("instanceType")]: "t3.large" }),
    );
  });
  after(async () => {
    await stack?.destroy().catch(() => undefined);
    stack?.dispose();
    ec2?.destroy();
  });

  it("refuses at preview an address outside the interface's subnet", async () => {
    await stack.setConfig(written(["10.0.1.40", "10.0.9.41"]));
    await assert.rejects(
      stack.preview(),
      /eni-address-in-subnet: secondaryInterfaces\[0\]\.privateIpAddresses\[1\] of eth1 is "10\.0\.9\.41", outside subnet/,
    );
  });

  it("plans and creates the interface with exactly the addresses written, each with its Elastic IP", async () => {
    const addresses = ["10.0.1.40", "10.0.1.41", "10.0.1.42"];
    await stack.setConfig(written(addresses));
    const preview = await stack.preview();
    for (const address of addresses) {
      assert.deepEqual(preview.ops[`web-eth1-ip-${address.replace(/\./g, "-")}-eip`], ["create"]);
    }
    await stack.up();
    const eth1 = ((await stack.outputs()).interfaces as InterfaceOutput[])[1];
    const described = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eth1.networkInterfaceId] }),
    );
    const held = described.NetworkInterfaces?.[0].PrivateIpAddresses ?? [];
    assert.deepEqual(held.map((a) => a.PrivateIpAddress).sort(), addresses);
    // The outputs put the primary (the provider's pick among them) first, each Elastic IP beside its address.
    assert.equal(eth1.privateIps[0], held.find((a) => a.Primary)?.PrivateIpAddress);
    assert.deepEqual([...eth1.privateIps].sort(), addresses);
    assert.equal(new Set(eth1.publicIps).size, 3);
    // A second run changes nothing.
    const again = await stack.preview();
    assert.deepEqual(again.ops, {});
  });

  it("refuses, at preview and in an up that skips it, written-out addresses that leave out the primary", async () => {
    // The AWS provider plans that as a replacement of the interface (ForceNewIf on private_ips),
    // which runs no before-update hook: the component's before-create hook refuses it.
    const eth1 = ((await stack.outputs()).interfaces as InterfaceOutput[])[1];
    const [primary, ...secondaries] = eth1.privateIps;
    const held = async () =>
      (await ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces?.map((n) => [
        n.NetworkInterfaceId,
        n.PrivateIpAddresses?.map((a) => a.PrivateIpAddress),
      ]);
    const addresses = async () =>
      ((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).map((a) => a.AllocationId).sort();
    const [heldBefore, addressesBefore] = [await held(), await addresses()];
    await stack.setConfig(written(secondaries));
    const refusal = new RegExp(
      `eni-primary-address-kept: secondaryInterfaces\\[0\\]\\.privateIpAddresses leaves out "${primary.replace(/\./g, "\\.")}", ` +
        `the primary private address of eth1 \\(${eth1.networkInterfaceId}\\)`,
    );
    await assert.rejects(stack.preview(), refusal);
    await assert.rejects(stack.up(), refusal);
    assert.deepEqual(await held(), heldBefore);
    assert.deepEqual(await addresses(), addressesBefore);
  });
});
