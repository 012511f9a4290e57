import * as assert from "node:assert/strict";
import { DualHomedServer } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, type MockedAwsEngine } from "../support/mockedAwsEngine";
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

/** The engine's marker for a value not known during preview. */
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const withCount = (count: number) => ({
  subnetId: "subnet-a1",
  instanceType: "t3.large",
  secondaryInterfaces: [{ subnetId: "subnet-a2", secondaryPrivateIpCount: count }],
});

/** A first deployment with `count` secondary addresses on eth1: what it holds and binds. */
async function deployed(count: number) {
  const engine = await useMockedAwsEngine(subnets);
  const server = new DualHomedServer("web", withCount(count));
  await engine.settle();
  return { held: await addressesHeld(engine, server), targets: associationTargets(engine) };
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

  it("previews a raise as additions only, although the provider's plan does not know the new addresses yet", async () => {
    const before = await deployed(1);
    const preview = await useMockedAwsEngine(subnets, { previewOfUpdate: true, existingAddresses: before.held });
    new DualHomedServer("web", withCount(3));
    await preview.settle();
    const targets = associationTargets(preview);
    // The existing associations name the addresses they are on, so the engine sees no change to them.
    for (const [association, address] of Object.entries(before.targets)) {
      assert.equal(targets[association], address, `${association} would change`);
    }
    // The new ones wait for the addresses EC2 will pick.
    assert.equal(targets["web-eth1-ip2-eip-association"], unknown);
    assert.equal(targets["web-eth1-ip3-eip-association"], unknown);
    assert.ok(preview.invokes.some((i) => i.token === "aws:ec2/getNetworkInterface:getNetworkInterface"));
  });
});

describe("Lowering an address count is refused before anything moves", () => {
  it("fails the preview naming the count change and the addresses to write out instead", async () => {
    const before = await deployed(3);
    const preview = await useMockedAwsEngine(subnets, { previewOfUpdate: true, existingAddresses: before.held });
    const server = new DualHomedServer("web", withCount(1));
    const err = await failureOf(server.interfaces);
    await preview.settle();
    const held = before.held["web-eth1"];
    assert.match(
      err.message,
      /eip-stays-on-its-address: secondaryInterfaces\[0\]\.secondaryPrivateIpCount would go from 3 to 1 on eth1/,
    );
    assert.ok(err.message.includes(`privateIpAddresses: ${JSON.stringify(held.slice(0, 2))}`), err.message);
    assert.ok(err.message.includes(held.join(", ")), err.message);
    // Reported once, with no stack and no serializer prefixes.
    assert.equal(err.message.match(/eip-stays-on-its-address/g)?.length, 1);
    assert.doesNotMatch(err.message, /error serializing property/);
  });

  it("does not look the interfaces up outside a preview (a deployment takes the addresses from the interface)", async () => {
    const before = await deployed(1);
    const update = await useMockedAwsEngine(subnets, { existingAddresses: before.held });
    new DualHomedServer("web", withCount(3));
    await update.settle();
    assert.ok(!update.invokes.some((i) => i.token === "aws:ec2/getNetworkInterface:getNetworkInterface"));
  });
});
