import * as assert from "node:assert/strict";
import { awsTypes, ruleNames } from "dual-homed-server-rules";
import { eniPolicies } from "dual-homed-server-policies/policies";
import { runStackPolicy, unknownValue, type StackResourceSpec } from "../support/policyHarness";
import { attachment, eni, serverWithAttachments, subnet } from "./stacks";

/** A stack that breaks every rule of the pack and leaves something for each policy to not verify. */
function everythingWrong(): StackResourceSpec[] {
  return [
    ...serverWithAttachments("web", "t2.micro", 2),
    subnet("net-b", "us-east-1b"),
    // Breaks the zone, address, security group and attached-once rules.
    eni("far", "net-b", { privateIpsCount: 5, securityGroups: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] }),
    attachment("far-att", "web", "far", 3),
    attachment("web-eth1-again", "web", "web-eth1", 4),
    // Not verifiable: addresses and security groups unknown during preview, an instance outside the stack.
    eni("unknown", "net-web", { privateIpsCount: unknownValue.number, securityGroups: unknownValue.array }),
    attachment("unknown-att", "web", "unknown", 5),
    {
      ...attachment("outside-att", "web", "unknown", 6),
      props: { instanceId: "i-0123", networkInterfaceId: unknownValue.string, deviceIndex: 1 },
      propertyDependencies: { networkInterfaceId: ["unknown"] },
    },
    // Names an instance with several interfaces; the other names an instance outside the stack.
    {
      type: awsTypes.eip,
      name: "web-eip",
      props: { domain: "vpc", instance: unknownValue.string },
      propertyDependencies: { instance: ["web"] },
    },
    {
      type: awsTypes.eipAssociation,
      name: "outside-assoc",
      props: { allocationId: "eipalloc-1", instanceId: "i-0123" },
    },
  ];
}

describe("rule names in the policy pack", () => {
  it("names every policy from the rules package's table, each once", () => {
    const names = eniPolicies.map((policy) => policy.name);
    const table: string[] = Object.values(ruleNames);
    assert.deepEqual(
      names.filter((name) => !table.includes(name)),
      [],
    );
    assert.equal(new Set(names).size, names.length);
  });

  for (const policy of eniPolicies) {
    it(`${policy.name}: starts every message with the rule name, what it could not verify included`, async () => {
      const violations = await runStackPolicy(policy, everythingWrong());
      for (const violation of violations) assert.match(violation.message, new RegExp(`^${policy.name}: `));
      // eni-attached-once needs no fact it could fail to establish.
      const unverifiable = policy.name === ruleNames.eniAttachedOnce ? [] : ["could not verify"];
      assert.deepEqual(
        violations.map((v) =>
          v.message.startsWith(`${policy.name}: could not verify `) ? "could not verify" : "rule",
        ),
        ["rule", ...unverifiable],
        JSON.stringify(violations, null, 2),
      );
    });
  }
});
