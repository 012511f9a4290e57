import { ruleNames } from "./names";

/** The IPv6 addresses one interface asks for, and its subnet's IPv6 block. */
export interface InterfaceIpv6 {
  label: string;
  ipv6Count: number;
  subnetId: string;
  /** The subnet's IPv6 CIDR block; empty or absent when it has none. */
  subnetIpv6Cidr?: string;
}

/**
 * An interface gets IPv6 addresses only from its subnet's IPv6 CIDR block: EC2 refuses an IPv6
 * address count in a subnet without one.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-migrate-ipv6.html
 */
export function eniIpv6InSubnetWithIpv6Block(eni: InterfaceIpv6): string[] {
  if (eni.ipv6Count === 0 || eni.subnetIpv6Cidr) return [];
  return [
    `${ruleNames.eniIpv6InSubnetWithIpv6Block}: network interface ${eni.label} asks for ${eni.ipv6Count} IPv6 ` +
      `address(es) but subnet ${eni.subnetId} has no IPv6 CIDR block; associate one with the subnet (and its ` +
      `VPC) or set ipv6AddressCount to 0.`,
  ];
}
