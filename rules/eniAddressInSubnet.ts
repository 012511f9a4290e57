import * as ipaddr from "ipaddr.js";
import { ruleNames } from "./names";
import { ipv4InsideBlock, reservedInSubnet } from "./subnetAddresses";

/** Private addresses written out for one interface, and its subnet. */
export interface WrittenOutAddresses {
  /** How the user knows the interface (`eth1 (secondaryInterfaces[0])`). */
  label: string;
  /** Where the addresses come from in the arguments (`secondaryInterfaces[0].privateIpAddresses`). */
  where: string;
  addresses: string[];
  subnetId: string;
  /** The subnet's IPv4 CIDR block. */
  subnetCidr: string;
}

/**
 * EC2 assigns an interface only addresses inside its subnet's CIDR block, and never one of the five
 * AWS reserves in every subnet (the network address, the next three, and the last).
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 * Returns one message per address that cannot be assigned; malformed addresses are reported by
 * the argument checks.
 */
export function eniAddressInSubnet(eni: WrittenOutAddresses): string[] {
  const rule = ruleNames.eniAddressInSubnet;
  // Nothing written out, or no IPv4 block to compare with (a lookup may report none).
  if (eni.addresses.length === 0 || typeof eni.subnetCidr !== "string") return [];
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(eni.subnetCidr)) return [];
  return eni.addresses.flatMap((address, a) => {
    if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return [];
    const where = `${eni.where}[${a}] of ${eni.label}`;
    if (!ipv4InsideBlock(eni.subnetCidr, address)) {
      return [
        `${rule}: ${where} is "${address}", outside subnet ${eni.subnetId} (${eni.subnetCidr}); give an ` +
          `address inside the subnet's CIDR block.`,
      ];
    }
    if (reservedInSubnet(eni.subnetCidr, address)) {
      return [
        `${rule}: ${where} is "${address}", one of the five addresses AWS reserves in subnet ${eni.subnetId} ` +
          `(${eni.subnetCidr}: the first four and the last); give another address in the subnet.`,
      ];
    }
    return [];
  });
}
