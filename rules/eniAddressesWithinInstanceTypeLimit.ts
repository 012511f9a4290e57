import type { InstanceNetworkLimits } from "./limits";
import { ruleNames } from "./names";

/** The addresses requested for one interface. */
export interface InterfaceAddresses {
  label: string;
  /** Private IPv4 addresses, the primary private address included. */
  ipv4Count: number;
  ipv6Count: number;
}

/**
 * Private IPv4 addresses per interface (primary included) and IPv6 addresses per interface are
 * capped by the instance type; IPv6 needs a type that supports it.
 */
export function eniAddressesWithinInstanceTypeLimit(
  instanceType: string,
  limits: InstanceNetworkLimits,
  eni: InterfaceAddresses,
): string[] {
  const rule = ruleNames.eniAddressesWithinInstanceTypeLimit;
  const problems: string[] = [];
  if (eni.ipv4Count > limits.ipv4AddressesPerInterface) {
    problems.push(
      `${rule}: network interface ${eni.label} asks for ${eni.ipv4Count} private IPv4 addresses ` +
        `(primary included) but ${instanceType} allows ${limits.ipv4AddressesPerInterface} per interface. ` +
        `Use at most ${limits.ipv4AddressesPerInterface - 1} secondary private addresses or a larger type.`,
    );
  }
  if (eni.ipv6Count > 0 && !limits.ipv6Supported) {
    problems.push(
      `${rule}: network interface ${eni.label} asks for ${eni.ipv6Count} IPv6 address(es) but ` +
        `${instanceType} does not support IPv6.`,
    );
  } else if (eni.ipv6Count > limits.ipv6AddressesPerInterface) {
    problems.push(
      `${rule}: network interface ${eni.label} asks for ${eni.ipv6Count} IPv6 addresses but ` +
        `${instanceType} allows ${limits.ipv6AddressesPerInterface} per interface.`,
    );
  }
  return problems;
}
