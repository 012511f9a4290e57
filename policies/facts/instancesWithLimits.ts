import type { ReportViolation } from "@pulumi/policy";
import type { InstanceNetworkLimits } from "dual-homed-server-rules";
import { type InstanceLimitsConfig } from "../config";
import { secondaryNetworksUnchecked, unverifiable } from "../reporting";
import { limitsOfInstance } from "./instanceLimits";
import type { InstanceFact, StackModel } from "./stackModel";

/**
 * Runs `check` for every instance whose type and that type's limits are known, and reports the
 * others (and secondary-network interfaces) as unverifiable, naming `what` could not be checked.
 */
export function forEachInstanceWithLimits(
  model: StackModel,
  config: InstanceLimitsConfig,
  report: ReportViolation,
  what: string,
  check: (instance: InstanceFact, instanceType: string, limits: InstanceNetworkLimits) => void,
): void {
  for (const instance of model.instances) {
    secondaryNetworksUnchecked(report, config, instance, what);
    const typed = limitsOfInstance(instance, config.instanceTypeLimits);
    if (!typed.known) {
      unverifiable(report, config, instance.resource.urn, `${what} of ${instance.label}`, typed.why);
      continue;
    }
    check(instance, typed.value.instanceType, typed.value.limits);
  }
}
