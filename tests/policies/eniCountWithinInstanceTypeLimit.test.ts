import * as assert from "node:assert/strict";
import { eniCountWithinInstanceTypeLimit } from "dual-homed-server-policies/policies";
import { runStackPolicy, unknownValue } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { attachment, eni, serverWithAttachments } from "./stacks";

const policy = eniCountWithinInstanceTypeLimit;

describe("eni-count-within-instance-type-limit", () => {
  it("is mandatory by default", () => {
    assert.equal(policy.enforcementLevel, "mandatory");
  });

  it("passes a t3.micro with eth0 and one attached interface", async () => {
    assert.deepEqual(await runStackPolicy(policy, serverWithAttachments("web", "t3.micro", 1)), []);
  });

  it("reports three interfaces on a t2.micro, counting the primary", async () => {
    const violation = onlyViolation(await runStackPolicy(policy, serverWithAttachments("web", "t2.micro", 2)));
    assert.equal(violation.resource, "web");
    assert.match(
      violation.message,
      /eni-count-within-instance-type-limit: instance "web" has 3 network interfaces but t2\.micro allows at most 2 \(primary included\)\. Remove 1 interface/,
    );
  });

  it("reports more interfaces on one network card than the card holds, on a multi-card type", async () => {
    const violation = onlyViolation(await runStackPolicy(policy, serverWithAttachments("gpu", "p4d.24xlarge", 15)));
    assert.match(
      violation.message,
      /instance "gpu" has 16 interfaces on network card 0 but p4d\.24xlarge allows 15 on that card/,
    );
  });

  it("passes interfaces spread over the cards of a multi-card type", async () => {
    const stack = serverWithAttachments("gpu", "p4d.24xlarge", 15);
    const last = stack[stack.length - 1];
    last.props = { ...last.props, networkCardIndex: 1, deviceIndex: 1 };
    assert.deepEqual(await runStackPolicy(policy, stack), []);
  });

  it("reports a network card the type does not have", async () => {
    const stack = serverWithAttachments("web", "t3.large", 1);
    stack[stack.length - 1].props.networkCardIndex = 7;
    const violation = onlyViolation(await runStackPolicy(policy, stack));
    assert.match(
      violation.message,
      /attachment "web-eth1-attachment" use\(s\) network card 7 but t3\.large has network cards 0 only/,
    );
  });

  it("reports two interfaces at the same device index", async () => {
    const stack = [
      ...serverWithAttachments("web", "t3.large", 1),
      eni("extra", "net-web"),
      attachment("extra-att", "web", "extra", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(policy, stack));
    assert.match(
      violation.message,
      /attachment "extra-att" and attachment "web-eth1-attachment" both use device index 1 on network card 0/,
    );
  });

  it("reports an attachment at device index 0", async () => {
    const stack = serverWithAttachments("web", "t3.large", 1);
    stack[stack.length - 1].props.deviceIndex = 0;
    // The attachment also takes eth0's slot, which is reported too.
    assert.deepEqual(await runStackPolicy(policy, stack), [
      {
        policy: "eni-count-within-instance-type-limit",
        resource: "web",
        message:
          'eni-count-within-instance-type-limit: attachment "web-eth1-attachment" and instance "web" eth0 both use ' +
          'device index 0 on network card 0 of instance "web"; each interface needs its own index.',
      },
      {
        policy: "eni-count-within-instance-type-limit",
        resource: "web",
        message:
          'eni-count-within-instance-type-limit: attachment "web-eth1-attachment" attaches to instance "web" at ' +
          "device index 0, which is the primary interface's; attachments use index 1 or higher.",
      },
    ]);
  });

  it("reports an instance type missing from the table instead of assuming it fits", async () => {
    const violation = onlyViolation(await runStackPolicy(policy, serverWithAttachments("web", "x9.future", 1)));
    assert.match(
      violation.message,
      /could not verify the interface count of instance "web": instance type "x9\.future" is neither in the pack's table/,
    );
  });

  it("takes limits for extra types from its config", async () => {
    const limits = {
      maxNetworkInterfaces: 2,
      ipv4AddressesPerInterface: 4,
      ipv6AddressesPerInterface: 4,
      ipv6Supported: true,
      networkCards: [{ index: 0, maxNetworkInterfaces: 2 }],
    };
    const config = { instanceTypeLimits: { "x9.future": limits } };
    assert.deepEqual(await runStackPolicy(policy, serverWithAttachments("web", "x9.future", 1), config), []);
    const violation = onlyViolation(await runStackPolicy(policy, serverWithAttachments("web", "x9.future", 2), config));
    assert.match(violation.message, /has 3 network interfaces but x9\.future allows at most 2/);
  });

  it("reports an instance type unknown during preview as unverifiable", async () => {
    const stack = serverWithAttachments("web", "t3.micro", 1);
    stack[1].props.instanceType = unknownValue.string;
    const violation = onlyViolation(await runStackPolicy(policy, stack));
    assert.match(
      violation.message,
      /could not verify the interface count of instance "web": instanceType of instance "web" is not known until the resource is created/,
    );
  });

  it("counts an attachment whose device index is unknown and reports the index as unverifiable", async () => {
    const stack = serverWithAttachments("web", "t2.micro", 2);
    stack[stack.length - 1].props.deviceIndex = unknownValue.number;
    const violations = await runStackPolicy(policy, stack);
    const list = JSON.stringify(violations, null, 2);
    assert.deepEqual(
      violations.map((v) => v.resource),
      ["web-eth2-attachment", "web"],
      list,
    );
    assert.match(
      violations[0].message,
      /^eni-count-within-instance-type-limit: could not verify the device slot of attachment "web-eth2-attachment": deviceIndex of attachment "web-eth2-attachment" is not known until the resource is created/,
    );
    assert.equal(
      violations[1].message,
      'eni-count-within-instance-type-limit: instance "web" has 3 network interfaces but t2.micro allows at most 2 ' +
        "(primary included). Remove 1 interface(s) or choose a larger instance type.",
    );
  });
});
