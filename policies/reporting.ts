// How the policies report what they could not check: as violations, unless the user turned that off.
import type { ReportViolation } from "@pulumi/policy";
import type { UnverifiableConfig } from "./config";
import type { InstanceFact } from "./facts/stackModel";

/** Reports a fact that could not be established, unless the user turned that off. */
export function unverifiable(
  report: ReportViolation,
  config: UnverifiableConfig,
  urn: string,
  what: string,
  why: string,
): void {
  if (config.reportUnverifiable === false) return;
  report(`could not verify ${what}: ${why}.`, urn);
}

/** Reports an instance's secondary-network interfaces, which no policy of this pack checks. */
export function secondaryNetworksUnchecked(
  report: ReportViolation,
  config: UnverifiableConfig,
  instance: InstanceFact,
  what: string,
): void {
  const count = instance.secondaryNetworkInterfaces;
  if (count.known && count.value === 0) return;
  const why = count.known
    ? `it declares ${count.value} secondaryNetworkInterfaces (secondary networks), which this pack does not check`
    : count.why;
  unverifiable(report, config, instance.resource.urn, `${what} of ${instance.label}`, why);
}
