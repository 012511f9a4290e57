import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, valueOf, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

const base: DualHomedServerArgs = {
  subnetId: "subnet-a1",
  instanceType: "t3.large",
  ami: "ami-12c6146b",
  standby: true,
  secondaryInterfaces: [{ subnetId: "subnet-a2", secondaryPrivateIpCount: 1 }, {}],
};

async function deploy(args: DualHomedServerArgs): Promise<{ engine: MockedAwsEngine; server: DualHomedServer }> {
  const engine = await useMockedAwsEngine(subnets);
  const server = new DualHomedServer("web", args);
  await valueOf(server.urls);
  await engine.settle();
  return { engine, server };
}

describe("A standby instance that can take over the secondary interfaces", () => {
  it("launches the standby like the instance, on its own primary interface, group and Elastic IP", async () => {
    const { engine, server } = await deploy({ ...base, standbySubnetId: "subnet-a2" });
    const primary = engine.byName("web-instance");
    const standby = engine.byName("web-standby-instance");
    for (const input of ["ami", "instanceType", "userData", "metadataOptions", "rootBlockDevice"]) {
      assert.deepEqual(standby.inputs[input], primary.inputs[input], input);
    }
    assert.deepEqual(standby.inputs.primaryNetworkInterface, { networkInterfaceId: "web-standby-eth0-id" });
    assert.equal(standby.deleteBeforeReplace, true);
    assert.equal(engine.byName("web-standby-eth0").inputs.subnetId, "subnet-a2");
    assert.deepEqual(engine.byName("web-standby-eth0").inputs.securityGroups, ["web-standby-eth0-sg-id"]);
    // eth0's inbound rule (HTTP from anywhere) and outbound access, so its own page answers.
    const standbyRules = engine
      .byType(types.ingressRule)
      .filter((r) => r.inputs.securityGroupId === "web-standby-eth0-sg-id");
    assert.deepEqual(
      standbyRules.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]),
      [[80, "0.0.0.0/0"]],
    );
    assert.equal(engine.byName("web-standby-eth0-egress-all").inputs.cidrIpv4, "0.0.0.0/0");
    assert.equal(
      engine.byName("web-standby-eth0-ip0-eip-association").inputs.networkInterfaceId,
      "web-standby-eth0-id",
    );

    assert.equal(await valueOf(server.standbyInstanceId), "web-standby-instance-id");
    assert.equal(await valueOf(server.secondaryInterfacesInstanceId), "web-instance-id");
    const [standbyEth0] = await valueOf(server.standbyInterfaces);
    assert.equal(standbyEth0.networkInterfaceId, "web-standby-eth0-id");
    assert.equal(standbyEth0.publicIps.length, 1);
    assert.equal(standbyEth0.allowsHttp, true);
    assert.deepEqual(server.standbyInstances.length, 1);
  });

  it("moves the secondary interfaces by changing only their attachments, each detached before it is attached", async () => {
    const before = await deploy(base);
    const after = await deploy({ ...base, standbyHoldsInterfaces: true });
    assert.deepEqual(
      after.engine.resources.map((r) => r.name).sort(),
      before.engine.resources.map((r) => r.name).sort(),
    );
    const changed = after.engine.resources.filter(
      (r) => JSON.stringify(r.inputs) !== JSON.stringify(before.engine.byName(r.name).inputs),
    );
    assert.deepEqual(
      changed.map((r) => r.type),
      [types.attachment, types.attachment],
    );
    for (const attachment of changed) {
      assert.equal(before.engine.byName(attachment.name).inputs.instanceId, "web-instance-id");
      assert.equal(attachment.inputs.instanceId, "web-standby-instance-id");
      // Replacement is delete-first: an interface is attached to one instance at a time.
      assert.equal(attachment.deleteBeforeReplace, true);
    }
    assert.deepEqual(
      changed.map((r) => r.inputs.deviceIndex),
      [1, 2],
    );
    assert.equal(await valueOf(after.server.secondaryInterfacesInstanceId), "web-standby-instance-id");
  });

  it("has no standby resources unless asked", async () => {
    const { engine, server } = await deploy({ ...base, standby: undefined });
    assert.deepEqual(
      engine.resources.filter((r) => r.name.includes("standby")).map((r) => r.name),
      [],
    );
    assert.equal(await valueOf(server.standbyInstanceId), "");
    assert.deepEqual(await valueOf(server.standbyInterfaces), []);
  });

  it("refuses standbyHoldsInterfaces without a standby, at construction", async () => {
    await useMockedAwsEngine(subnets);
    assert.throws(
      () => new DualHomedServer("web", { ...base, standby: false, standbyHoldsInterfaces: true }),
      /standbyHoldsInterfaces is true but there is no standby; set standby: true/,
    );
  });

  it("refuses a standby in another Availability Zone, naming its subnet and both zones", async () => {
    await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("web", { ...base, standbySubnetId: "subnet-b1" });
    const err = await failureOf(server.urls);
    assert.match(err.message, /eni-same-az-as-instance: network interface standby-eth0 \(standbySubnetId\)/);
    assert.match(err.message, /subnet-b1.*us-east-1b.*us-east-1a/s);
  });
});
