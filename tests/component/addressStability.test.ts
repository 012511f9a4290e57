import * as assert from "node:assert/strict";
import { DualHomedServer } from "dual-homed-server";
import { useMockedAwsEngine, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

/** Each Elastic IP association's private address, by association name. */
function associationTargets(engine: MockedAwsEngine): Record<string, string> {
  return Object.fromEntries(engine.byType(types.eipAssociation).map((r) => [r.name, r.inputs.privateIpAddress]));
}

/** What the interfaces hold after a deployment, in EC2's order, for the next run's mocks. */
async function addressesHeld(engine: MockedAwsEngine, server: DualHomedServer): Promise<Record<string, string[]>> {
  const interfaces = await new Promise<{ privateIps: string[] }[]>((resolve) => server.interfaces.apply(resolve));
  const names = engine.byType(types.networkInterface).map((r) => r.name);
  return Object.fromEntries(names.map((name, i) => [name, interfaces[i].privateIps]));
}

describe("Raising an address count adds addresses and moves no Elastic IP", () => {
  it("keeps every existing association on its private address when EC2 assigns the new ones below them", async () => {
    const args = (count: number) => ({
      subnetId: "subnet-a1",
      instanceType: "t3.large",
      secondaryInterfaces: [{ subnetId: "subnet-a2", secondaryPrivateIpCount: count }],
    });
    const first = await useMockedAwsEngine(subnets);
    const before = new DualHomedServer("web", args(1));
    await first.settle();
    const held = await addressesHeld(first, before);
    const targetsBefore = associationTargets(first);
    assert.equal(Object.keys(targetsBefore).length, 3);

    const second = await useMockedAwsEngine(subnets, { existingAddresses: held });
    new DualHomedServer("web", args(3));
    await second.settle();
    const targetsAfter = associationTargets(second);

    for (const [association, address] of Object.entries(targetsBefore)) {
      assert.equal(targetsAfter[association], address, `${association} moved`);
    }
    const added = Object.keys(targetsAfter).filter((name) => !(name in targetsBefore));
    assert.deepEqual(added.sort(), ["web-eth1-ip2-eip-association", "web-eth1-ip3-eip-association"]);
    // EC2 handed out addresses numerically below the old ones: sorting would have moved every old association.
    const lastOctet = (ip: string) => Number(ip.split(".")[3]);
    for (const name of added) assert.ok(lastOctet(targetsAfter[name]) < lastOctet(held["web-eth1"][1]), name);
  });
});
