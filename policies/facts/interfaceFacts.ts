// Network interface resources: their subnet, address counts and security groups, and resolving a
// reference to one of them.
import type { PolicyResource } from "@pulumi/policy";
import { awsTypes } from "dual-homed-server-rules";
import type { EniFact } from "./factTypes";
import { combine, known, read, readLength, readNumber, unknown, type Known } from "./knownFacts";
import { describe, reference, subnetRef } from "./references";

/** The facts of one `aws.ec2.NetworkInterface`. */
export function eniFact(resource: PolicyResource): EniFact {
  const label = `network interface "${resource.name}"`;
  const props = resource.props;
  // privateIps lists every address (primary included); privateIpsCount counts the secondary ones;
  // with privateIpListEnabled the ordered privateIpLists is authoritative.
  const listEnabled = read(`privateIpListEnabled of ${label}`, () => props.privateIpListEnabled === true);
  const ipv4Count =
    listEnabled.known && listEnabled.value
      ? combine([readLength(`privateIpLists of ${label}`, () => props.privateIpLists)], ([n]) => n ?? 1)
      : combine(
          [
            listEnabled,
            readLength(`privateIps of ${label}`, () => props.privateIps),
            readNumber(`privateIpsCount of ${label}`, () => props.privateIpsCount, 0),
          ],
          ([, ips, extra]) => Math.max(ips ?? 1, 1 + extra),
        );
  const ipv6Count = combine(
    [
      readLength(`ipv6AddressLists of ${label}`, () => props.ipv6AddressLists),
      readLength(`ipv6Addresses of ${label}`, () => props.ipv6Addresses),
      readNumber(`ipv6AddressCount of ${label}`, () => props.ipv6AddressCount, 0),
    ],
    ([lists, addresses, count]) => Math.max(lists ?? 0, addresses ?? 0, count),
  );
  const groups = readLength(`securityGroups of ${label}`, () => props.securityGroups);
  const declaredAddresses =
    listEnabled.known && listEnabled.value
      ? read(`privateIpLists of ${label}`, () => (props.privateIpLists as string[] | undefined)?.map(String))
      : read(`privateIps of ${label}`, () => (props.privateIps as string[] | undefined)?.map(String));
  return {
    resource,
    label,
    declaredAddresses,
    subnet: subnetRef(resource, "subnetId", () => props.subnetId) ?? unknown(`${label} has no subnetId`),
    ipv4Count,
    ipv6Count,
    securityGroupCount: groups.known ? known(groups.value ?? 0) : groups,
  };
}

/** Resolves a property of `owner` that names an interface to that interface's facts. */
export type EniResolver = (owner: PolicyResource, prop: string, value: () => unknown) => Known<EniFact>;

/** Resolves a reference to an interface, which must be a resource of this stack. */
export function eniResolver(eniByUrn: Map<string, EniFact>): EniResolver {
  return (owner, prop, value) => {
    const ref = reference(owner, prop, awsTypes.networkInterface, value);
    if (!ref.known) return ref;
    const inStack = ref.value?.resource && eniByUrn.get(ref.value.resource.urn);
    if (inStack) return known(inStack);
    return unknown(
      `network interface ${ref.value?.id ?? "(none)"} named by ${describe(owner)} is not a resource of this stack`,
    );
  };
}
