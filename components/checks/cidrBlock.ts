import * as ipaddr from "ipaddr.js";
import { ruleNames } from "dual-homed-server-rules";

/** Whether a CIDR block is IPv4 or IPv6; security group rules take them in different fields. */
export type CidrFamily = "ipv4" | "ipv6";

/**
 * Checks one CIDR block as AWS security group rules take it: four-part dotted IPv4 or IPv6, a
 * prefix within range, and no host bits set (AWS stores the network address, so `10.0.0.1/8`
 * would differ from what is read back on every refresh). `where` names the field for the message.
 */
export function cidrBlockProblem(where: string, value: string): string | undefined {
  const rule = ruleNames.validCidrBlock;
  const looksIpv4 = !value.includes(":");
  const valid = looksIpv4 ? ipaddr.IPv4.isValidCIDRFourPartDecimal(value) : ipaddr.IPv6.isValidCIDR(value);
  if (!valid) {
    return (
      `${rule}: ${where} is ${JSON.stringify(value)}, which is not a CIDR block; write an address and ` +
      `prefix length such as "203.0.113.0/24" or "2001:db8::/32".`
    );
  }
  const [address, prefix] = value.split("/");
  const network = looksIpv4 ? ipaddr.IPv4.networkAddressFromCIDR(value) : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (ipaddr.parse(address).toString() !== network.toString()) {
    const canonical = `${network.toString()}/${prefix}`;
    return `${rule}: ${where} is "${value}", which has host bits set; AWS stores it as "${canonical}". Write "${canonical}".`;
  }
  return undefined;
}

/** The family of a CIDR block that `cidrBlockProblem` accepted. */
export function cidrFamily(value: string): CidrFamily {
  return value.includes(":") ? "ipv6" : "ipv4";
}

/**
 * The one spelling AWS reads back for a CIDR block: IPv6 in lower case with zeros compressed, so
 * `2001:DB8:0::/32` and `2001:db8::/32` are seen as one block. `undefined` for a block that
 * `cidrBlockProblem` refuses.
 */
export function canonicalCidr(value: string): string | undefined {
  if (cidrBlockProblem("", value)) return undefined;
  const [address, prefix] = value.split("/");
  return `${ipaddr.parse(address).toString()}/${prefix}`;
}
