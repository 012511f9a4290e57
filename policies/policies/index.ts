import type { StackValidationPolicy } from "@pulumi/policy";
import { eipBoundToInterfaceAddress } from "./eipBoundToInterfaceAddress";
import { eniAttachedOnce } from "./eniAttachedOnce";
import { eniAddressesWithinInstanceTypeLimit } from "./eniAddressesWithinInstanceTypeLimit";
import { eniCountWithinInstanceTypeLimit } from "./eniCountWithinInstanceTypeLimit";
import { eniSameAzAsInstance } from "./eniSameAzAsInstance";
import { eniSecurityGroupCount } from "./eniSecurityGroupCount";

/** Every policy of the pack, in the order the README lists them. */
export const eniPolicies: StackValidationPolicy[] = [
  eniSameAzAsInstance,
  eniCountWithinInstanceTypeLimit,
  eniAddressesWithinInstanceTypeLimit,
  eniAttachedOnce,
  eipBoundToInterfaceAddress,
  eniSecurityGroupCount,
];

export {
  eipBoundToInterfaceAddress,
  eniAttachedOnce,
  eniAddressesWithinInstanceTypeLimit,
  eniCountWithinInstanceTypeLimit,
  eniSameAzAsInstance,
  eniSecurityGroupCount,
};
