// Shared by the policies that check an instance against its type's limits.
import type { InstanceNetworkLimits } from "dual-homed-server-rules";
import type { InstanceLimitsConfig } from "./config";
import type { InstanceFact, StackModel } from "./facts/factTypes";
import { limitsOfInstance } from "./facts/instanceLimits";
import { secondaryNetworksUnchecked, unverifiable, type Reporting } from "./reporting";

/**
 * Runs `check` for every instance whose type and that type's limits are known, and reports the
 * others (and secondary-network interfaces) as unverifiable, naming `what` could not be checked.
 */
export function forEachInstanceWithLimits(
  model: StackModel,
  to: Reporting<InstanceLimitsConfig>,
  what: string,
  check: (instance: InstanceFact, instanceType: string, limits: InstanceNetworkLimits) => void,
): void {
  for (const instance of model.instances) {
    secondaryNetworksUnchecked(to, instance, what);
    const typed = limitsOfInstance(instance, to.config.instanceTypeLimits);
    if (!typed.known) {
      unverifiable(to, instance.resource.urn, `${what} of ${instance.label}`, typed.why);
      continue;
    }
    check(instance, typed.value.instanceType, typed.value.limits);
  }
}
