// The pack's view of a stack: what it reads from each resource kind, as plain facts the policies
// check. Each fact is `Known`: its value, or why it could not be established.
import type { PolicyResource } from "@pulumi/policy";
import type { Known } from "./knownFacts";

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
interface SlotFact {
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

/** An instance of the stack: its type and zone, the device slots it takes and the interfaces it holds. */
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

/** Everything the policies read from a stack, built once per policy by `buildStackModel`. */
export interface StackModel {
  instances: InstanceFact[];
  enis: EniFact[];
  eipBindings: EipBindingFact[];
  /** Attachments whose instance is not a resource of this stack. */
  unresolvedAttachments: UnresolvedFact[];
}
