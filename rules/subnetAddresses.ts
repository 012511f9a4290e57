import * as ipaddr from "ipaddr.js";

// IPv4 arithmetic inside a subnet, shared by the component's checks and the test doubles that hand
// out addresses, so "which addresses can EC2 assign here" is answered in one place.
// AWS reserves five addresses in every subnet: the network address, the next three (VPC router,
// DNS, future use) and the last. https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html

/** Addresses AWS reserves at the start of every subnet. */
export const reservedAtSubnetStart = 4;

/** An IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(address: string): number {
  return ipaddr.IPv4.parse(address).octets.reduce((n, octet) => n * 256 + octet, 0);
}

/** The dotted-decimal form of an unsigned 32-bit number. */
export function ipv4FromNumber(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** The first and last address of an IPv4 CIDR block, as numbers, and how many it holds. */
export function ipv4Block(cidr: string): { first: number; last: number; size: number } {
  const first = ipv4ToNumber(ipaddr.IPv4.networkAddressFromCIDR(cidr).toString());
  const last = ipv4ToNumber(ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString());
  return { first, last, size: last - first + 1 };
}

/** The address `offset` places after a block's network address (`offset` 0 is the network address). */
export function ipv4InBlock(cidr: string, offset: number): string {
  return ipv4FromNumber(ipv4Block(cidr).first + offset);
}

/** Whether an address lies inside an IPv4 CIDR block. */
export function ipv4InsideBlock(cidr: string, address: string): boolean {
  const [network, prefix] = cidr.split("/");
  return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parse(network), Number(prefix));
}

/** Whether AWS reserves an address of a subnet (the first four and the last). */
export function reservedInSubnet(cidr: string, address: string): boolean {
  const { first, last } = ipv4Block(cidr);
  const n = ipv4ToNumber(address);
  return n - first < reservedAtSubnetStart || n === last;
}
