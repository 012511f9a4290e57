// Instances: their type and zone, and the interfaces they take at launch (eth0 created from
// `subnetId`, a `primaryNetworkInterface`, or a `networkInterfaces` list).
import type { PolicyResource } from "@pulumi/policy";
import { awsTypes } from "dual-homed-server-rules";
import type { EniFact, InstanceFact } from "./factTypes";
import type { EniResolver } from "./interfaceFacts";
import { combine, known, read, readLength, readNumber, unknown, type Known } from "./knownFacts";
import { subnetRef } from "./references";

/** A `networkInterfaces` entry as far as the slots it takes go. */
interface LaunchEntry {
  deviceIndex: unknown;
  networkCardIndex: unknown;
}

/** Each instance of the stack with what it takes at launch; attachments are added later. */
export function instanceFacts(
  resources: PolicyResource[],
  eniByUrn: Map<string, EniFact>,
  resolveEni: EniResolver,
): InstanceFact[] {
  return resources
    .filter((r) => r.type === awsTypes.instance)
    .map((resource) => instanceFact(resource, eniByUrn, resolveEni));
}

function instanceFact(resource: PolicyResource, eniByUrn: Map<string, EniFact>, resolveEni: EniResolver): InstanceFact {
  const props = resource.props;
  const label = `instance "${resource.name}"`;
  const launchList = read(`networkInterfaces of ${label}`, (): LaunchEntry[] => {
    const list: unknown = props.networkInterfaces;
    return Array.isArray(list)
      ? list.map((entry: Record<string, unknown>) => ({
          deviceIndex: entry.deviceIndex,
          networkCardIndex: entry.networkCardIndex,
        }))
      : [];
  });
  const primaryEni = read(`primaryNetworkInterface of ${label}`, () => props.primaryNetworkInterface !== undefined);
  const fact: InstanceFact = {
    resource,
    label,
    instanceType: read(`instanceType of ${label}`, () => props.instanceType as string),
    explicitAz: read(`availabilityZone of ${label}`, () => props.availabilityZone as string | undefined),
    slots: [],
    enis: [],
    secondaryNetworkInterfaces: combine(
      [readLength(`secondaryNetworkInterfaces of ${label}`, () => props.secondaryNetworkInterfaces)],
      ([n]) => n ?? 0,
    ),
  };
  // An unknown primaryNetworkInterface is still set: the instance takes an interface at index 0.
  if (!primaryEni.known || primaryEni.value) {
    launchOnPrimaryEni(fact, resolveEni);
  } else if (launchList.known && launchList.value.length > 0) {
    launchWithList(fact, launchList.value, eniByUrn);
  } else if (!launchList.known) {
    launchSlot(fact, "networkInterfaces", unknown(launchList.why), known(0));
  } else {
    launchWithOwnEth0(fact);
  }
  return fact;
}

/** Records a device slot the instance takes at launch. */
function launchSlot(fact: InstanceFact, name: string, deviceIndex: Known<number>, networkCardIndex: Known<number>) {
  fact.slots.push({
    label: `${fact.label} ${name}`,
    urn: fact.resource.urn,
    deviceIndex,
    networkCardIndex,
    attachedAfterLaunch: false,
  });
}

/** The instance is launched on an interface of the stack: `primaryNetworkInterface`, device index 0. */
function launchOnPrimaryEni(fact: InstanceFact, resolveEni: EniResolver): void {
  const { resource, label } = fact;
  launchSlot(fact, "primaryNetworkInterface", known(0), known(0));
  fact.enis.push({
    kind: "primaryNetworkInterface",
    via: `${label} primaryNetworkInterface`,
    urn: resource.urn,
    eni: resolveEni(
      resource,
      "primaryNetworkInterface",
      () => (resource.props.primaryNetworkInterface as { networkInterfaceId?: unknown }).networkInterfaceId,
    ),
  });
}

/** The instance is launched with a `networkInterfaces` list, each entry at its own device index. */
function launchWithList(fact: InstanceFact, entries: LaunchEntry[], eniByUrn: Map<string, EniFact>): void {
  const { resource, label } = fact;
  entries.forEach((entry, i) =>
    launchSlot(
      fact,
      `networkInterfaces[${i}]`,
      typeof entry.deviceIndex === "number"
        ? known(entry.deviceIndex)
        : unknown(`networkInterfaces[${i}].deviceIndex of ${label} is not set`),
      known(typeof entry.networkCardIndex === "number" ? entry.networkCardIndex : 0),
    ),
  );
  const launched = (eni: Known<EniFact>) =>
    fact.enis.push({ kind: "networkInterfaces", via: `${label} networkInterfaces`, urn: resource.urn, eni });
  const producers = (resource.propertyDependencies.networkInterfaces ?? []).filter(
    (r) => r.type === awsTypes.networkInterface,
  );
  for (const producer of producers) launched(known(eniByUrn.get(producer.urn)!));
  if (producers.length < entries.length) {
    launched(
      unknown(
        `${entries.length - producers.length} interface(s) in networkInterfaces of ${label} are not resources of this stack`,
      ),
    );
  }
}

/** The instance creates its own eth0 from `subnetId`, with its addresses and security groups. */
function launchWithOwnEth0(fact: InstanceFact): void {
  const { resource, label } = fact;
  const props = resource.props;
  launchSlot(fact, "eth0", known(0), known(0));
  fact.primarySubnet =
    subnetRef(resource, "subnetId", () => props.subnetId) ?? unknown(`${label} names no subnetId (default VPC subnet)`);
  const secondary = readLength(`secondaryPrivateIps of ${label}`, () => props.secondaryPrivateIps);
  const ipv6 = readNumber(`ipv6AddressCount of ${label}`, () => props.ipv6AddressCount, 0);
  const ipv6List = readLength(`ipv6Addresses of ${label}`, () => props.ipv6Addresses);
  const groups = readLength(`vpcSecurityGroupIds of ${label}`, () => props.vpcSecurityGroupIds);
  fact.primaryAddresses = {
    ipv4Count: secondary.known ? known(1 + (secondary.value ?? 0)) : secondary,
    ipv6Count: combine([ipv6, ipv6List], ([count, list]) => Math.max(count, list ?? 0)),
    securityGroupCount: groups.known ? known(groups.value ?? 0) : groups,
  };
}
