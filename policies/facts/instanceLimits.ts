import { instanceNetworkLimitsTable, type InstanceNetworkLimits } from "dual-homed-server-rules";
import { known, unknown, type Known } from "./knownFacts";
import type { InstanceFact } from "./factTypes";

/** Limits of a type: the policy config's `instanceTypeLimits` first, then the table; never assumed. */
function limitsFor(
  instanceType: string,
  overrides: Record<string, InstanceNetworkLimits> = {},
): Known<InstanceNetworkLimits> {
  const limits = overrides[instanceType] ?? instanceNetworkLimitsTable()[instanceType];
  return limits
    ? known(limits)
    : unknown(
        `instance type "${instanceType}" is neither in the pack's table (dual-homed-server-rules/instance-network-limits.json) nor in ` +
          `this policy's instanceTypeLimits config; add it there or regenerate the table`,
      );
}

/** An instance's type and that type's limits, or why either is not known. */
export function limitsOfInstance(
  instance: InstanceFact,
  overrides: Record<string, InstanceNetworkLimits> = {},
): Known<{ instanceType: string; limits: InstanceNetworkLimits }> {
  if (!instance.instanceType.known) return instance.instanceType;
  const instanceType = instance.instanceType.value;
  const limits = limitsFor(instanceType, overrides);
  return limits.known ? known({ instanceType, limits: limits.value }) : limits;
}
