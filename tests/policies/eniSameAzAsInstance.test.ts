import * as assert from "node:assert/strict";
import { awsTypes } from "dual-homed-server-rules";
import { eniSameAzAsInstance } from "dual-homed-server-policies/policies";
import { runStackPolicy, unknownValue, type StackResourceSpec } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { attachment, eni, instance, subnet } from "./stacks";

const zones = [subnet("net-a", "us-east-1a"), subnet("net-a2", "us-east-1a"), subnet("net-b", "us-east-1b")];

/** Instance "web" launched with two interfaces at device indexes 0 and 1; `dependencies` in the engine's order. */
function launchedWith(...dependencies: string[]): StackResourceSpec {
  return {
    type: awsTypes.instance,
    name: "web",
    props: {
      instanceType: "t3.micro",
      networkInterfaces: [
        { deviceIndex: 0, networkInterfaceId: unknownValue.string },
        { deviceIndex: 1, networkInterfaceId: unknownValue.string },
      ],
    },
    propertyDependencies: { networkInterfaces: dependencies },
  };
}

describe("eni-same-az-as-instance", () => {
  it("is mandatory by default", () => {
    assert.equal(eniSameAzAsInstance.enforcementLevel, "mandatory");
  });

  it("passes an interface attached from another subnet of the instance's zone", async () => {
    const stack = [
      ...zones,
      instance("web", "t3.micro", { subnet: "net-a" }),
      eni("eth1", "net-a2"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    assert.deepEqual(await runStackPolicy(eniSameAzAsInstance, stack), []);
  });

  it("reports an attachment of an interface from another zone, on the attachment", async () => {
    const stack = [
      ...zones,
      instance("web", "t3.micro", { subnet: "net-a" }),
      eni("eth1", "net-b"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.equal(violation.resource, "eth1-att");
    assert.match(
      violation.message,
      /eni-same-az-as-instance: network interface "eth1" is in subnet "net-b" \(us-east-1b\) but instance "web" is in us-east-1a/,
    );
  });

  it("takes the instance's zone from its primaryNetworkInterface", async () => {
    const stack = [
      ...zones,
      eni("eth0", "net-b"),
      instance("web", "t3.micro", { primaryEni: "eth0" }),
      eni("eth1", "net-a"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(violation.message, /"eth1" is in subnet "net-a" \(us-east-1a\) but instance "web" is in us-east-1b/);
  });

  it("refuses launch-time interfaces in two zones without guessing which one is at device index 0", async () => {
    // The engine lists dependencies in no particular order: eth1 (device 1) comes first here.
    const stack = [...zones, eni("eth0", "net-a"), eni("eth1", "net-b"), launchedWith("eth1", "eth0")];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.equal(violation.resource, "web");
    assert.match(
      violation.message,
      /instance "web" is launched with network interfaces in different Availability Zones \("eth1" in us-east-1b, "eth0" in us-east-1a\)/,
    );
    assert.doesNotMatch(violation.message, /instance "web" is in us-east-1b/);
  });

  it("checks interfaces given at launch through networkInterfaces", async () => {
    const stack = [...zones, eni("eth0", "net-a"), eni("eth1", "net-b"), launchedWith("eth0", "eth1")];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(
      violation.message,
      /instance "web" is launched with network interfaces in different Availability Zones \("eth0" in us-east-1a, "eth1" in us-east-1b\)/,
    );
  });

  it("passes launch-time interfaces that share the instance's zone", async () => {
    const stack = [...zones, eni("eth0", "net-a"), eni("eth1", "net-a2"), launchedWith("eth1", "eth0")];
    assert.deepEqual(await runStackPolicy(eniSameAzAsInstance, stack), []);
  });

  it("prefers the instance's own availabilityZone when it is set", async () => {
    const stack = [
      ...zones,
      instance("web", "t3.micro", { subnet: "net-a" }, { availabilityZone: "us-east-1b" }),
      eni("eth1", "net-a2"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(violation.message, /instance "web" is in us-east-1b/);
  });

  it("reports a subnet whose zone AWS will choose as unverifiable, unless told not to", async () => {
    const stack = [
      subnet("net-a", "us-east-1a"),
      subnet("net-any", undefined),
      instance("web", "t3.micro", { subnet: "net-a" }),
      eni("eth1", "net-any"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(
      violation.message,
      /could not verify the Availability Zone of the interface of attachment "eth1-att": subnet "net-any" sets no availabilityZone/,
    );
    assert.deepEqual(await runStackPolicy(eniSameAzAsInstance, stack, { reportUnverifiable: false }), []);
  });

  it("reports a subnet zone that is unknown during preview as unverifiable", async () => {
    const stack = [
      subnet("net-a", "us-east-1a"),
      { ...subnet("net-x", undefined), props: { vpcId: "vpc-1", availabilityZone: unknownValue.string } },
      instance("web", "t3.micro", { subnet: "net-a" }),
      eni("eth1", "net-x"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(
      violation.message,
      /could not verify .*availabilityZone of subnet "net-x" is not known until the resource is created/,
    );
  });

  it("reports subnets outside the stack as unverifiable when the live lookup is turned off", async () => {
    const stack = [
      instance("web", "t3.micro", { subnet: "subnet-0aaa" }),
      eni("eth1", "subnet-0bbb"),
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(
      await runStackPolicy(eniSameAzAsInstance, stack, { subnetLookup: { enabled: false } }),
    );
    assert.match(
      violation.message,
      /subnet subnet-0aaa is not a resource of this stack and subnetLookup is disabled in the policy config; enable it/,
    );
  });

  it("reports an attachment to an instance outside the stack as unverifiable", async () => {
    const stack = [
      subnet("net-a", "us-east-1a"),
      eni("eth1", "net-a"),
      {
        ...attachment("eth1-att", "web", "eth1", 1),
        props: { instanceId: "i-0123", networkInterfaceId: unknownValue.string, deviceIndex: 1 },
        propertyDependencies: { networkInterfaceId: ["eth1"] },
      },
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(
      violation.message,
      /attachment "eth1-att": it attaches to instance i-0123, which is not a resource of this stack/,
    );
  });
});
