// TEST DOUBLE (part of the stand-in AWS provider): the state the AWS provider plans for an update
// during preview. The provider keeps what does not change, takes the new inputs, plans an input
// taken out of the program back to its default or null (unless it is Optional and Computed, see
// inputKinds.ts), and leaves unknown what AWS recomputes: a network interface's address attributes,
// by the `customdiff.ComputedIf` rules of ec2/vpc_network_interface.go (ResourceNetworkInterface
// CustomizeDiff), reproduced below rule by rule, quirks included.
import { awsTypes } from "dual-homed-server-rules";
import { inputNames, keptWhenAbsent, valueWhenAbsent } from "./inputKinds";

/** The engine's marker for a value not known during preview. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Props = Record<string, unknown>;

const sameSet = (a: unknown, b: unknown) =>
  JSON.stringify([...((a as unknown[]) ?? [])].map(String).sort()) ===
  JSON.stringify([...((b as unknown[]) ?? [])].map(String).sort());

/** HasChange of a set or a plain attribute: given in the program and different from the state. */
const setChanges = (olds: Props, news: Props, key: string) => news[key] !== undefined && !sameSet(olds[key], news[key]);
const changes = (olds: Props, news: Props, key: string) => news[key] !== undefined && news[key] !== olds[key];

/** The ComputedIf rules of ResourceNetworkInterface: which address attributes the plan leaves unknown. */
export function interfaceUnknowns(olds: Props, news: Props): string[] {
  const unknown: string[] = [];
  const ipsChange = setChanges(olds, news, "privateIps");
  const countChange = changes(olds, news, "privateIpsCount");
  const listChange =
    news.privateIpLists !== undefined && JSON.stringify(olds.privateIpLists) !== JSON.stringify(news.privateIpLists);
  const ipv6Change = setChanges(olds, news, "ipv6Addresses");
  const ipv6CountChange = changes(olds, news, "ipv6AddressCount");
  const ipv6ListChange =
    news.ipv6AddressLists !== undefined &&
    JSON.stringify(olds.ipv6AddressLists) !== JSON.stringify(news.ipv6AddressLists);
  if (news.privateIpListEnabled !== true) {
    // ComputedIf("private_ips"): not while it is being set, else when the count changes.
    if (!ipsChange && countChange) unknown.push("privateIps");
    // ComputedIf("private_ips_count"): not while it is being set, else when private_ips changes (a swap).
    if (!countChange && ipsChange) unknown.push("privateIpsCount");
    // ComputedIf("private_ip_list"): when any of the three changes.
    if (ipsChange || countChange || listChange) unknown.push("privateIpLists");
  } else if (listChange) {
    unknown.push("privateIps", "privateIpsCount");
  }
  if (news.ipv6AddressListEnabled !== true) {
    // ComputedIf("ipv6_addresses") tests HasChange("private_ips"), not ipv6_addresses: with the
    // IPv4 set changing in the same update the IPv6 set stays known although its count changes.
    if (!ipsChange && ipv6CountChange) unknown.push("ipv6Addresses");
    if (!ipv6CountChange && ipv6Change) unknown.push("ipv6AddressCount");
    if (ipv6Change || ipv6CountChange || ipv6ListChange) unknown.push("ipv6AddressLists");
  } else if (ipv6ListChange) {
    unknown.push("ipv6Addresses", "ipv6AddressCount");
  }
  return unknown;
}

export function plannedState(type: string, olds: Props, news: Props): Props {
  const planned: Props = { ...olds };
  for (const [key, value] of Object.entries(news)) if (value !== undefined) planned[key] = value;
  // An input taken out of the program (it is in the state, not in the new inputs).
  for (const key of inputNames(type)) {
    if (key in olds && news[key] === undefined && !keptWhenAbsent(type, key)) planned[key] = valueWhenAbsent(type, key);
  }
  if (type === awsTypes.networkInterface) {
    for (const key of interfaceUnknowns(olds, news)) planned[key] = unknownValue;
  }
  return planned;
}
