import * as assert from "node:assert/strict";
import {
  eniAttachedOnce,
  eniCountWithinInstanceTypeLimit,
  eniSameAzAsInstance,
} from "dual-homed-server-policies/policies";
import { runStackPolicy, unknownValue, type StackResourceSpec } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { attachment, eni, instance, serverWithAttachments, subnet } from "./stacks";

/** An interface attached through its own `attachments` block, as `aws.ec2.NetworkInterface` offers. */
function eniWithAttachmentsBlock(name: string, subnetName: string, instanceName: string, deviceIndex: number) {
  const spec = eni(name, subnetName, { attachments: [{ instance: unknownValue.string, deviceIndex }] });
  return { ...spec, propertyDependencies: { ...spec.propertyDependencies, attachments: [instanceName] } };
}

describe("eni-attached-once", () => {
  it("is mandatory by default", () => {
    assert.equal(eniAttachedOnce.enforcementLevel, "mandatory");
  });

  it("passes interfaces attached once each, by attachment or by the interface's attachments block", async () => {
    const stack: StackResourceSpec[] = [
      ...serverWithAttachments("web", "t3.large", 1),
      eniWithAttachmentsBlock("web-eth2", "net-web", "web", 2),
    ];
    assert.deepEqual(await runStackPolicy(eniAttachedOnce, stack), []);
  });

  it("refuses an interface attached to two instances", async () => {
    const stack: StackResourceSpec[] = [
      ...serverWithAttachments("a", "t3.micro", 1),
      instance("b", "t3.micro", { subnet: "net-a" }),
      attachment("a-eth1-to-b", "b", "a-eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniAttachedOnce, stack));
    assert.equal(violation.resource, "a-eth1");
    assert.match(
      violation.message,
      /eni-attached-once: network interface "a-eth1" is attached 2 times, to 2 instances: attachment "a-eth1-attachment" \(instance "a"\); attachment "a-eth1-to-b" \(instance "b"\)\. .*InvalidNetworkInterface\.InUse/,
    );
  });

  it("refuses an interface attached twice to one instance, by an attachment and its attachments block", async () => {
    const stack: StackResourceSpec[] = [
      subnet("net-a", "us-east-1a"),
      instance("web", "t3.large", { subnet: "net-a" }),
      eniWithAttachmentsBlock("eth1", "net-a", "web", 1),
      attachment("eth1-attachment", "web", "eth1", 2),
    ];
    const violation = onlyViolation(await runStackPolicy(eniAttachedOnce, stack));
    assert.match(
      violation.message,
      /"eth1" is attached 2 times, to the same instance: network interface "eth1" attachments\[0\]/,
    );
  });

  it("refuses an instance's primary interface that is also attached by an attachment", async () => {
    const stack: StackResourceSpec[] = [
      subnet("net-a", "us-east-1a"),
      eni("eth0", "net-a"),
      instance("web", "t3.micro", { primaryEni: "eth0" }),
      attachment("eth0-again", "web", "eth0", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniAttachedOnce, stack));
    assert.match(
      violation.message,
      /"eth0" is attached 2 times, to the same instance: instance "web" primaryNetworkInterface/,
    );
  });

  it("counts attachments blocks toward the instance type's interface limit, mixed with attachments", async () => {
    const stack: StackResourceSpec[] = [
      ...serverWithAttachments("web", "t2.micro", 1),
      eniWithAttachmentsBlock("web-eth2", "net-web", "web", 2),
    ];
    const violation = onlyViolation(await runStackPolicy(eniCountWithinInstanceTypeLimit, stack));
    assert.match(violation.message, /instance "web" has 3 network interfaces but t2\.micro allows at most 2/);
  });

  it("checks the zone of an interface attached by its attachments block", async () => {
    const stack: StackResourceSpec[] = [
      ...serverWithAttachments("web", "t3.micro", 0),
      subnet("net-b", "us-east-1b"),
      eniWithAttachmentsBlock("web-eth1", "net-b", "web", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(
      violation.message,
      /"web-eth1" is in subnet "net-b" \(us-east-1b\) but instance "web" is in us-east-1a/,
    );
  });
});
