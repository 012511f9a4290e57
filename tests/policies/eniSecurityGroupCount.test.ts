import * as assert from "node:assert/strict";
import { eniSecurityGroupCount } from "dual-homed-server-policies/policies";
import { runStackPolicy } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { eni, instance, subnet } from "./stacks";

const groups = (n: number) => Array.from({ length: n }, (_, i) => `sg-${i}`);

describe("eni-security-group-count", () => {
  it("is advisory by default with a threshold of 5 in its config schema", () => {
    assert.equal(eniSecurityGroupCount.enforcementLevel, "advisory");
    const schema = eniSecurityGroupCount.configSchema?.properties.maxSecurityGroups;
    assert.equal(typeof schema === "object" && schema.default, 5);
  });

  it("passes five groups and reports six on an interface", async () => {
    assert.deepEqual(
      await runStackPolicy(eniSecurityGroupCount, [
        subnet("net-a", "us-east-1a"),
        eni("eth1", "net-a", { securityGroups: groups(5) }),
      ]),
      [],
    );
    const violation = onlyViolation(
      await runStackPolicy(eniSecurityGroupCount, [
        subnet("net-a", "us-east-1a"),
        eni("eth1", "net-a", { securityGroups: groups(6) }),
      ]),
    );
    assert.match(
      violation.message,
      /eni-security-group-count: network interface "eth1" has 6 security groups but the quota is 5 per interface/,
    );
  });

  it("checks an instance's own eth0 groups and follows a raised quota from config", async () => {
    const stack = [
      subnet("net-a", "us-east-1a"),
      instance("web", "t3.micro", { subnet: "net-a" }, { vpcSecurityGroupIds: groups(7) }),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSecurityGroupCount, stack));
    assert.match(violation.message, /eth0 of instance "web" has 7 security groups but the quota is 5/);
    assert.deepEqual(await runStackPolicy(eniSecurityGroupCount, stack, { maxSecurityGroups: 8 }), []);
  });
});
