import { ruleNames } from "./names";

/** One network interface and the Availability Zone of its subnet. */
export interface InterfacePlacement {
  /** How the user knows the interface (resource name or `eth1`). */
  label: string;
  subnetId: string;
  availabilityZone: string;
}

/**
 * AWS attaches a network interface only to an instance in the same Availability Zone, and an
 * interface never leaves the subnet it was created in: a mismatch can only be fixed by choosing
 * another subnet. Returns one message per misplaced interface.
 */
export function eniSameAzAsInstance(
  instanceLabel: string,
  instanceAz: string,
  interfaces: InterfacePlacement[],
): string[] {
  return interfaces
    .filter((eni) => eni.availabilityZone !== instanceAz)
    .map(
      (eni) =>
        `${ruleNames.eniSameAzAsInstance}: network interface ${eni.label} is in subnet ${eni.subnetId} ` +
        `(${eni.availabilityZone}) but instance ${instanceLabel} is in ${instanceAz}; AWS attaches an ` +
        `interface only to an instance in the same Availability Zone. Use a subnet in ${instanceAz}.`,
    );
}
