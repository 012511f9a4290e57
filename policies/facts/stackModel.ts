import type { PolicyResource } from "@pulumi/policy";
import { combine, known, read, readLength, readNumber, unknown, type Known } from "./knownFacts";
import { awsTypes } from "dual-homed-server-rules";

/** A subnet an interface or instance sits in: a resource of the stack, or an id from outside it. */
export interface SubnetRef {
  /** The id, or the quoted resource name while the id is not known. */
  label: string;
  resource?: PolicyResource;
  id?: string;
}

/** A network interface resource of the stack. */
export interface EniFact {
  resource: PolicyResource;
  /** `network interface "<name>"`, for messages. */
  label: string;
  subnet: Known<SubnetRef>;
  /** Private IPv4 addresses, primary included. */
  ipv4Count: Known<number>;
  ipv6Count: Known<number>;
  securityGroupCount: Known<number>;
  /**
   * The private IPv4 addresses the interface declares (`privateIps`, or `privateIpLists` with
   * `privateIpListEnabled`); `undefined` when AWS assigns them at creation.
   */
  declaredAddresses: Known<string[] | undefined>;
}

/** One device slot taken on an instance: at launch or by an attachment. */
export interface SlotFact {
  label: string;
  /** Where a violation about this slot is reported. */
  urn: string;
  deviceIndex: Known<number>;
  networkCardIndex: Known<number>;
  attachedAfterLaunch: boolean;
}

/** An interface attached to an instance, resolved to its resource when it is in the stack. */
export interface AttachedEni {
  /**
   * How the interface is attached: the instance's `primaryNetworkInterface` (device index 0), one
   * of its launch-time `networkInterfaces`, a `NetworkInterfaceAttachment`, or the interface's own
   * `attachments` block.
   */
  kind: "primaryNetworkInterface" | "networkInterfaces" | "attachment" | "attachmentsBlock";
  /** Where, for messages (`instance "web" primaryNetworkInterface`, `attachment "eth1-att"`). */
  via: string;
  urn: string;
  eni: Known<EniFact>;
}

export interface InstanceFact {
  resource: PolicyResource;
  label: string;
  instanceType: Known<string>;
  /** The instance's own `availabilityZone` input, when set. */
  explicitAz: Known<string | undefined>;
  /** Subnet of eth0 when the instance creates it (`subnetId`), rather than taking an interface. */
  primarySubnet?: Known<SubnetRef>;
  /** Addresses of eth0 when the instance creates it. */
  primaryAddresses?: { ipv4Count: Known<number>; ipv6Count: Known<number>; securityGroupCount: Known<number> };
  slots: SlotFact[];
  /**
   * Interfaces on AWS secondary networks (`secondaryNetworkInterfaces`). Their limits and zones
   * follow other rules, which this pack does not check; the policies say so instead of passing.
   */
  secondaryNetworkInterfaces: Known<number>;
  enis: AttachedEni[];
}

/** What an Elastic IP or association binds to. */
export type EipTarget =
  | { kind: "none" }
  | { kind: "both" }
  | { kind: "instance"; instance: InstanceFact }
  | { kind: "interface"; eni: EniFact }
  | { kind: "unresolved"; why: string };

/** An Elastic IP or association and what it binds to. */
export interface EipBindingFact {
  resource: PolicyResource;
  label: string;
  target: EipTarget;
  /** Whether a private address is named; a value unknown during preview counts as named. */
  privateIpNamed: boolean;
  /** The private address named, and the resources it was computed from (for an unknown value). */
  privateIp: Known<unknown>;
  privateIpFrom: PolicyResource[];
}

/** Something the pack found in the stack but could not tie to its instance. */
export interface UnresolvedFact {
  urn: string;
  why: string;
}

export interface StackModel {
  instances: InstanceFact[];
  enis: EniFact[];
  eipBindings: EipBindingFact[];
  /** Attachments whose instance is not a resource of this stack. */
  unresolvedAttachments: UnresolvedFact[];
}

const describe = (resource: PolicyResource) => `${resource.type.split(":").pop()} "${resource.name}"`;

/**
 * Follows a reference property to the resource it names. The engine records the producing
 * resource in `propertyDependencies` even while the value itself is unknown, so this works during
 * the first preview; a literal id with no dependency is something outside the stack.
 */
function reference(
  resource: PolicyResource,
  prop: string,
  type: string,
  value: () => unknown,
): Known<{ resource?: PolicyResource; id?: string } | undefined> {
  const producers = (resource.propertyDependencies[prop] ?? []).filter((r) => r.type === type);
  if (producers.length === 1) return known({ resource: producers[0] });
  const raw = read(`${prop} of ${describe(resource)}`, value);
  if (!raw.known) return raw;
  if (typeof raw.value === "string" && raw.value !== "") return known({ id: raw.value });
  if (producers.length > 1) {
    return unknown(`${prop} of ${describe(resource)} depends on ${producers.length} ${type} resources`);
  }
  return known(undefined);
}

function subnetRef(resource: PolicyResource, prop: string, value: () => unknown): Known<SubnetRef> | undefined {
  const ref = reference(resource, prop, awsTypes.subnet, value);
  if (!ref.known) return ref;
  if (!ref.value) return undefined;
  return known({
    label: ref.value.resource ? `"${ref.value.resource.name}"` : String(ref.value.id),
    resource: ref.value.resource,
    id: ref.value.id,
  });
}

function eniFact(resource: PolicyResource): EniFact {
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

type EniResolver = (owner: PolicyResource, prop: string, value: () => unknown) => Known<EniFact>;

/** Step 1: resolves a reference to an interface, which must be a resource of this stack. */
function eniResolver(eniByUrn: Map<string, EniFact>): EniResolver {
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

/** Step 2: each instance with what it takes at launch (eth0, or the `networkInterfaces` list). */
function instanceFacts(
  resources: PolicyResource[],
  eniByUrn: Map<string, EniFact>,
  resolveEni: EniResolver,
): InstanceFact[] {
  return resources
    .filter((r) => r.type === awsTypes.instance)
    .map((resource) => {
      const props = resource.props;
      const label = `instance "${resource.name}"`;
      const launchList = read(`networkInterfaces of ${label}`, () => {
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
      const slot = (name: string, deviceIndex: Known<number>, networkCardIndex: Known<number>) =>
        fact.slots.push({
          label: `${label} ${name}`,
          urn: resource.urn,
          deviceIndex,
          networkCardIndex,
          attachedAfterLaunch: false,
        });

      // An unknown primaryNetworkInterface is still set: the instance takes an interface at index 0.
      if (!primaryEni.known || primaryEni.value) {
        slot("primaryNetworkInterface", known(0), known(0));
        fact.enis.push({
          kind: "primaryNetworkInterface",
          via: `${label} primaryNetworkInterface`,
          urn: resource.urn,
          eni: resolveEni(
            resource,
            "primaryNetworkInterface",
            () => (props.primaryNetworkInterface as { networkInterfaceId?: unknown }).networkInterfaceId,
          ),
        });
      } else if (launchList.known && launchList.value.length > 0) {
        launchList.value.forEach((entry, i) =>
          slot(
            `networkInterfaces[${i}]`,
            typeof entry.deviceIndex === "number"
              ? known(entry.deviceIndex)
              : unknown(`networkInterfaces[${i}].deviceIndex of ${label} is not set`),
            known(typeof entry.networkCardIndex === "number" ? entry.networkCardIndex : 0),
          ),
        );
        const producers = (resource.propertyDependencies.networkInterfaces ?? []).filter(
          (r) => r.type === awsTypes.networkInterface,
        );
        for (const producer of producers) {
          fact.enis.push({
            kind: "networkInterfaces",
            via: `${label} networkInterfaces`,
            urn: resource.urn,
            eni: known(eniByUrn.get(producer.urn)!),
          });
        }
        if (producers.length < launchList.value.length) {
          fact.enis.push({
            kind: "networkInterfaces",
            via: `${label} networkInterfaces`,
            urn: resource.urn,
            eni: unknown(
              `${launchList.value.length - producers.length} interface(s) in networkInterfaces of ${label} are not resources of this stack`,
            ),
          });
        }
      } else if (!launchList.known) {
        slot("networkInterfaces", unknown(launchList.why), known(0));
      } else {
        // eth0 is created by the instance itself from subnetId.
        slot("eth0", known(0), known(0));
        fact.primarySubnet =
          subnetRef(resource, "subnetId", () => props.subnetId) ??
          unknown(`${label} names no subnetId (default VPC subnet)`);
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
      return fact;
    });
}

/** Step 3: interfaces attached by their own `attachments` blocks. */
function addAttachmentsBlocks(
  enis: EniFact[],
  instanceByUrn: Map<string, InstanceFact>,
  unresolvedAttachments: UnresolvedFact[],
): void {
  // An interface's own `attachments` blocks attach it as surely as an attachment resource does.
  for (const eni of enis) {
    const label = eni.label;
    const blockCount = readLength(`attachments of ${label}`, () => eni.resource.props.attachments);
    if (!blockCount.known) {
      unresolvedAttachments.push({ urn: eni.resource.urn, why: blockCount.why });
      continue;
    }
    const count = blockCount.value ?? 0;
    const producers = (eni.resource.propertyDependencies.attachments ?? []).filter((r) => r.type === awsTypes.instance);
    for (let i = 0; i < count; i++) {
      const blockLabel = `${label} attachments[${i}]`;
      const block = () => (eni.resource.props.attachments as Record<string, unknown>[])[i];
      // The engine records dependencies per property, not per block: one block, one instance.
      const producer = count === 1 && producers.length === 1 ? producers[0] : undefined;
      const instance = producer && instanceByUrn.get(producer.urn);
      if (!instance) {
        const id = read(`attachments[${i}].instance of ${label}`, () => block().instance);
        const why = !id.known
          ? id.why
          : typeof id.value === "string" && id.value !== "" && producers.length === 0
            ? `it attaches to instance ${id.value}, which is not a resource of this stack`
            : `its instance cannot be told apart among the ${producers.length} instances the attachments depend on`;
        unresolvedAttachments.push({ urn: eni.resource.urn, why: `${blockLabel}: ${why}` });
        continue;
      }
      instance.slots.push({
        label: blockLabel,
        urn: eni.resource.urn,
        deviceIndex: readNumber(`deviceIndex of ${blockLabel}`, () => block().deviceIndex, 0),
        networkCardIndex: readNumber(`networkCardIndex of ${blockLabel}`, () => block().networkCardIndex, 0),
        attachedAfterLaunch: true,
      });
      instance.enis.push({ kind: "attachmentsBlock", via: blockLabel, urn: eni.resource.urn, eni: known(eni) });
    }
  }
}

/** Step 4: interfaces attached by `NetworkInterfaceAttachment` resources. */
function addAttachmentResources(
  resources: PolicyResource[],
  instanceByUrn: Map<string, InstanceFact>,
  resolveEni: EniResolver,
  unresolvedAttachments: UnresolvedFact[],
): void {
  for (const attachment of resources.filter((r) => r.type === awsTypes.attachment)) {
    const label = `attachment "${attachment.name}"`;
    const ref = reference(attachment, "instanceId", awsTypes.instance, () => attachment.props.instanceId);
    const instance = ref.known && ref.value?.resource ? instanceByUrn.get(ref.value.resource.urn) : undefined;
    if (!instance) {
      const why = ref.known
        ? `it attaches to instance ${ref.value?.id ?? "(none)"}, which is not a resource of this stack`
        : ref.why;
      unresolvedAttachments.push({ urn: attachment.urn, why: `${label}: ${why}` });
      continue;
    }
    instance.slots.push({
      label,
      urn: attachment.urn,
      deviceIndex: readNumber(`deviceIndex of ${label}`, () => attachment.props.deviceIndex, 0),
      networkCardIndex: readNumber(`networkCardIndex of ${label}`, () => attachment.props.networkCardIndex, 0),
      attachedAfterLaunch: true,
    });
    instance.enis.push({
      kind: "attachment",
      via: label,
      urn: attachment.urn,
      eni: resolveEni(attachment, "networkInterfaceId", () => attachment.props.networkInterfaceId),
    });
  }
}

/** Step 5: what each Elastic IP and association binds to. */
function eipBindingFacts(
  resources: PolicyResource[],
  instanceByUrn: Map<string, InstanceFact>,
  eniByUrn: Map<string, EniFact>,
): EipBindingFact[] {
  const eipBindings: EipBindingFact[] = [];
  const bindingTypes: Record<string, [string, string, string]> = {
    [awsTypes.eip]: ["instance", "networkInterface", "associateWithPrivateIp"],
    [awsTypes.eipAssociation]: ["instanceId", "networkInterfaceId", "privateIpAddress"],
  };
  for (const resource of resources.filter((r) => bindingTypes[r.type])) {
    const [instanceProp, eniProp, privateIpProp] = bindingTypes[resource.type];
    const label = `${resource.type === awsTypes.eip ? "Elastic IP" : "Elastic IP association"} "${resource.name}"`;
    const privateIp = read(`${privateIpProp} of ${label}`, () => resource.props[privateIpProp] as unknown);
    const target = (prop: string, type: string, kind: "instance" | "interface"): EipTarget => {
      const ref = reference(resource, prop, type, () => resource.props[prop]);
      if (!ref.known) return { kind: "unresolved", why: ref.why };
      if (!ref.value) return { kind: "none" };
      const urn = ref.value.resource?.urn ?? "";
      const instance = instanceByUrn.get(urn);
      const eni = eniByUrn.get(urn);
      if (kind === "instance" && instance) return { kind, instance };
      if (kind === "interface" && eni) return { kind, eni };
      return { kind: "unresolved", why: `${ref.value.id ?? "the target"} is not a resource of this stack` };
    };
    const byInstance = target(instanceProp, awsTypes.instance, "instance");
    const byInterface = target(eniProp, awsTypes.networkInterface, "interface");
    const binding: EipBindingFact = {
      resource,
      label,
      target:
        byInstance.kind !== "none" && byInterface.kind !== "none"
          ? { kind: "both" }
          : byInstance.kind !== "none"
            ? byInstance
            : byInterface,
      privateIpNamed: !privateIp.known || (typeof privateIp.value === "string" && privateIp.value !== ""),
      privateIp,
      privateIpFrom: resource.propertyDependencies[privateIpProp] ?? [],
    };
    eipBindings.push(binding);
  }

  return eipBindings;
}

/** Builds the pack's view of a stack from the resources the analyzer passes to a stack policy. */
export function buildStackModel(resources: PolicyResource[]): StackModel {
  const enis = resources.filter((r) => r.type === awsTypes.networkInterface).map(eniFact);
  const eniByUrn = new Map(enis.map((e) => [e.resource.urn, e]));
  const resolveEni = eniResolver(eniByUrn);
  const instances = instanceFacts(resources, eniByUrn, resolveEni);
  const instanceByUrn = new Map(instances.map((i) => [i.resource.urn, i]));
  const unresolvedAttachments: UnresolvedFact[] = [];
  addAttachmentsBlocks(enis, instanceByUrn, unresolvedAttachments);
  addAttachmentResources(resources, instanceByUrn, resolveEni, unresolvedAttachments);
  const eipBindings = eipBindingFacts(resources, instanceByUrn, eniByUrn);
  return { instances, enis, eipBindings, unresolvedAttachments };
}
