import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

/** Arguments that make the component build one of every kind of child it has. */
const everyChild: DualHomedServerArgs = {
  subnetId: "subnet-a1",
  sshIngressCidrs: ["10.0.0.0/8"],
  standby: true,
  failover: true,
  failoverNotifications: {},
  instanceRole: { sessionManager: true },
  spreadPlacement: true,
  secondaryInterfaces: [{ secondaryPrivateIpCount: 2, ingress: [{ fromPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }],
};
const childTypes = Object.entries(types)
  .filter(([kind]) => kind !== "component" && kind !== "subnet")
  .map(([, type]) => type)
  .sort();

describe("DualHomedServer creates no child until every check against AWS has passed", () => {
  it("builds every kind of child when the checks pass", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("ok", { ...everyChild, instanceType: "t3.large" });
    await valueOf(server.urls);
    await engine.settle();
    const built = [...new Set(engine.resources.filter((r) => r.custom).map((r) => r.type))].sort();
    assert.deepEqual(built, childTypes);
  });

  it("registers none of them, whatever their inputs depend on, when a check fails", async () => {
    const engine = await useMockedAwsEngine(subnets);
    // t3.micro allows 2 private IPv4 addresses per interface; eth1 asks for 3.
    const server = new DualHomedServer("bad", everyChild);
    const failure = await failureOf(server.availabilityZone);
    await engine.settle();
    assert.match(failure.message, /eni-addresses-within-instance-type-limit: network interface eth1/);
    assert.deepEqual(
      engine.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`),
      [],
    );
  });

  it("holds back even a child whose inputs need no AWS answer (an Elastic IP)", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("bad", everyChild);
    // Each Elastic IP's own output fails with the check, instead of the Elastic IP being allocated.
    const failure = await failureOf(server.elasticIps[0].allocationId);
    await engine.settle();
    assert.match(failure.message, /DualHomedServer "bad" cannot be deployed/);
    assert.deepEqual(engine.byType(types.eip), []);
  });
});

describe("DualHomedServer reports a failed AWS lookup as one message naming the argument", () => {
  const cases: [string, Partial<DualHomedServerArgs>, RegExp][] = [
    [
      "a subnet that does not exist",
      { subnetId: "subnet-nope" },
      /^DualHomedServer "web" cannot be deployed:\n {2}- lookup-succeeds: subnetId is "subnet-nope", but AWS answered .*subnet-nope.*; give the id of a subnet that exists in the stack's AWS account and region/,
    ],
    [
      "a secondary interface's subnet that does not exist",
      { subnetId: "subnet-a1", secondaryInterfaces: [{ subnetId: "subnet-gone" }] },
      /lookup-succeeds: secondaryInterfaces\[0\]\.subnetId is "subnet-gone", but AWS answered/,
    ],
    [
      "an instance type AWS does not offer",
      { subnetId: "subnet-a1", instanceType: "t3.nope" },
      /lookup-succeeds: instanceType is "t3\.nope", but AWS answered .*t3\.nope.*; give an instance type offered in the stack's region/,
    ],
  ];
  for (const [what, args, expected] of cases) {
    it(`for ${what}, and creates nothing`, async () => {
      const engine = await useMockedAwsEngine(subnets);
      const server = new DualHomedServer("web", { subnetId: "subnet-a1", ...args });
      const failure = await failureOf(server.instanceId);
      await engine.settle();
      assert.match(failure.message, expected);
      assert.equal(failure.message.split("lookup-succeeds").length, 2, failure.message);
      assert.doesNotMatch(failure.message, /error serializing property|invocation of/);
      assert.equal(failure.stack, "");
      assert.deepEqual(
        engine.resources.filter((r) => r.custom),
        [],
      );
    });
  }
});
