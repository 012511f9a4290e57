// What the pack tells the engine about each policy besides its check: severity, remediation
// steps, a link to the rule's section of policies/README.md, tags; and how a policy says it does
// not apply to a stack. A platform team filters and routes violations by these.
import type { StackValidationArgs } from "@pulumi/policy";

/**
 * Where policies/README.md is published. The repository has no public home yet (no `repository`
 * in any package.json, no remote), so the links use the reserved `.invalid` domain (RFC 6761),
 * which never resolves to somebody else's site, followed by the README's path in the repository.
 * Publishing the repository means changing this one constant.
 */
export const policyDocsBase = "https://dual-homed-server.invalid/policies/README.md";

/** The URL of a rule's section: its heading in policies/README.md is the rule name in backticks. */
export function policyDocsUrl(rule: string): string {
  return `${policyDocsBase}#${rule}`;
}

/** Tags every policy of the pack carries; each policy adds what it is about. */
export const packTags = ["aws", "ec2", "network-interface"];

/**
 * Reports the policy as not applicable to this stack when the stack holds nothing it judges.
 * Stack policies have no per-resource verdict: @pulumi/policy's `notApplicable` ends the policy's
 * run and the engine counts it neither passed nor failed. So it is called before anything is
 * reported, and only when `subjects` (what the policy would judge) is empty.
 */
export function unlessApplicable(args: StackValidationArgs, subjects: number, reason: string): void {
  if (subjects === 0) args.notApplicable(reason);
}
