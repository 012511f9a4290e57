// How the policies report: every message starts with the policy's rule name, so a user can search
// for it; what a policy could not check is a violation too, unless the user turned that off.
import type { ReportViolation } from "@pulumi/policy";
import type { UnverifiableConfig } from "./config";
import type { InstanceFact } from "./facts/factTypes";

/** What a policy reports through: its rule name, the analyzer's callback and the policy's config. */
export interface Reporting<C extends UnverifiableConfig = UnverifiableConfig> {
  rule: string;
  report: ReportViolation;
  config: C;
}

/** Reports a fact that could not be established, unless the user turned that off. */
export function unverifiable(to: Reporting, urn: string, what: string, why: string): void {
  if (to.config.reportUnverifiable === false) return;
  to.report(`${to.rule}: could not verify ${what}: ${why}.`, urn);
}

/** Reports an instance's secondary-network interfaces, which no policy of this pack checks. */
export function secondaryNetworksUnchecked(to: Reporting, instance: InstanceFact, what: string): void {
  const count = instance.secondaryNetworkInterfaces;
  if (count.known && count.value === 0) return;
  const why = count.known
    ? `it declares ${count.value} secondaryNetworkInterfaces (secondary networks), which this pack does not check`
    : count.why;
  unverifiable(to, instance.resource.urn, `${what} of ${instance.label}`, why);
}
