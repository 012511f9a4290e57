import * as ipaddr from "ipaddr.js";
import { ruleNames } from "dual-homed-server-rules";

/**
 * Checks one private IPv4 address as EC2 takes it in `PrivateIpAddresses`: four-part dotted
 * decimal, written as EC2 reads it back (no leading zeros), so state and refresh agree. Whether the
 * subnet can assign it is checked at preview (`eniAddressInSubnet`), once the subnet is known.
 */
export function privateIpv4AddressProblem(where: string, value: string): string | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv4.parse(value).toString() !== value) {
    return (
      `${ruleNames.validPrivateAddress}: ${where} is ${JSON.stringify(value)}, which is not an IPv4 address as ` +
      `EC2 writes it; write four numbers 0-255 such as "10.0.1.20".`
    );
  }
  return undefined;
}
