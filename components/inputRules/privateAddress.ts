import * as ipaddr from "ipaddr.js";
import { ruleNames } from "dual-homed-server-rules";

/**
 * Checks one private IPv4 address as EC2 takes it in `PrivateIpAddresses`: four-part dotted
 * decimal, written as EC2 reads it back (no leading zeros), so state and refresh agree.
 */
export function privateIpv4AddressProblem(where: string, value: string): string | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv4.parse(value).toString() !== value) {
    return `${where} is ${JSON.stringify(value)}, which is not an IPv4 address as EC2 writes it; write four numbers 0-255 such as "10.0.1.20".`;
  }
  return undefined;
}

/**
 * Checks that an address can be assigned in a subnet: inside its IPv4 CIDR block and not one of
 * the five addresses AWS reserves in every subnet (the network address, the next three, and the last).
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 */
export function addressInSubnetProblem(
  where: string,
  address: string,
  subnetId: string,
  subnetCidr: string,
): string | undefined {
  const rule = ruleNames.eniAddressInSubnet;
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) || !ipaddr.IPv4.isValidCIDRFourPartDecimal(subnetCidr)) {
    return undefined; // reported by the argument checks, or not an IPv4 subnet to compare with
  }
  const [network, prefix] = subnetCidr.split("/");
  const parsed = ipaddr.IPv4.parse(address);
  if (!parsed.match(ipaddr.IPv4.parse(network), Number(prefix))) {
    return `${rule}: ${where} is "${address}", outside subnet ${subnetId} (${subnetCidr}); give an address inside the subnet's CIDR block.`;
  }
  const toNumber = (ip: ipaddr.IPv4) => ip.octets.reduce((n, octet) => n * 256 + octet, 0);
  const first = toNumber(ipaddr.IPv4.networkAddressFromCIDR(subnetCidr));
  const last = toNumber(ipaddr.IPv4.broadcastAddressFromCIDR(subnetCidr));
  const n = toNumber(parsed);
  if (n - first < 4 || n === last) {
    return (
      `${rule}: ${where} is "${address}", one of the five addresses AWS reserves in subnet ${subnetId} ` +
      `(${subnetCidr}: the first four and the last); give another address in the subnet.`
    );
  }
  return undefined;
}
