import * as assert from "node:assert/strict";
import { eniPolicies } from "dual-homed-server-policies/policies";
import { runStackPolicy } from "../support/policyHarness";
import { serverWithAttachments } from "./stacks";

describe("instances with secondary-network interfaces", () => {
  it("are reported as not checked by the zone, count and address policies, never passed silently", async () => {
    const stack = serverWithAttachments("web", "t3.micro", 1);
    stack[1].props.secondaryNetworkInterfaces = [{ networkCardIndex: 0, secondarySubnetId: "ss-0123" }];
    const reported = new Map<string, string[]>();
    for (const policy of eniPolicies) {
      reported.set(
        policy.name,
        (await runStackPolicy(policy, stack)).map((v) => v.message),
      );
    }
    for (const name of [
      "eni-same-az-as-instance",
      "eni-count-within-instance-type-limit",
      "eni-addresses-within-instance-type-limit",
    ]) {
      const messages = reported.get(name) ?? [];
      assert.equal(messages.length, 1, `${name}: ${messages.join("\n")}`);
      assert.match(
        messages[0],
        /could not verify .* of instance "web": it declares 1 secondaryNetworkInterfaces \(secondary networks\), which this pack does not check/,
      );
    }
  });

  it("are not mentioned when an instance has none", async () => {
    for (const policy of eniPolicies) {
      assert.deepEqual(await runStackPolicy(policy, serverWithAttachments("web", "t3.micro", 1)), [], policy.name);
    }
  });
});
