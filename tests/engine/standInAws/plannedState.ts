// TEST DOUBLE (part of the stand-in AWS provider): the state the AWS provider plans for an update
// during preview. The provider keeps what does not change, takes the new inputs, and leaves unknown
// what AWS recomputes: a network interface's address lists when its addresses change (its
// `ComputedIf` rules on `private_ip_list`, `private_ips`, `ipv6_address_list` and `ipv6_addresses`).
import { awsTypes } from "dual-homed-server-rules";

/** The engine's marker for a value not known during preview. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const sameSet = (a: unknown, b: unknown) =>
  JSON.stringify([...((a as unknown[]) ?? [])].map(String).sort()) ===
  JSON.stringify([...((b as unknown[]) ?? [])].map(String).sort());

export function plannedState(
  type: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Record<string, unknown> {
  const planned: Record<string, unknown> = { ...olds };
  for (const [key, value] of Object.entries(news)) if (value !== undefined) planned[key] = value;
  if (type === awsTypes.networkInterface) {
    const listed = news.privateIps !== undefined;
    const addressesChange = listed
      ? !sameSet(olds.privateIps, news.privateIps)
      : news.privateIpsCount !== undefined && news.privateIpsCount !== olds.privateIpsCount;
    if (addressesChange) {
      planned.privateIpLists = unknownValue;
      if (!listed) planned.privateIps = unknownValue;
    }
    if (news.ipv6AddressCount !== undefined && news.ipv6AddressCount !== olds.ipv6AddressCount) {
      planned.ipv6AddressLists = unknownValue;
      planned.ipv6Addresses = unknownValue;
    }
  }
  return planned;
}
