// TEST DOUBLE: a model of how IAM decides a request under an identity-based policy made of Allow
// statements only (no Deny, no conditions: the failover policy has neither). A request is allowed
// when, for every resource the action authorizes on, some statement allows the action on it.
import type { PolicyDocument } from "../../components/failover/policy";

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
function matches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(value);
}

/** Whether `policy` allows `action` (`ec2:AttachNetworkInterface`) on every one of `resources`. */
export function allows(policy: PolicyDocument, action: string, resources: string[]): boolean {
  return resources.every((resource) =>
    policy.Statement.some(
      (s) =>
        s.Effect === "Allow" &&
        s.Action.some((a) => matches(a, action)) &&
        [s.Resource].flat().some((r) => matches(r, resource)),
    ),
  );
}

/** The ARNs of the resources an EC2 request authorizes on (Service Authorization Reference for EC2). */
export function ec2Arn(kind: "instance" | "network-interface", id: string, account = "123456789012"): string {
  return `arn:aws:ec2:us-east-1:${account}:${kind}/${id}`;
}
