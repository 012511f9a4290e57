import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs, IngressRuleArgs } from "../args";
import { canonicalCidr, cidrFamily, type CidrFamily } from "../checks/cidrBlock";
import { allowsHttp } from "../checks/portRange";

/** Primary interface's inbound rules when the user gives none: HTTP from anywhere, no SSH. */
const defaultHttpIngressCidrs = ["0.0.0.0/0"];

/** One source of an inbound rule: as written, and as AWS stores it. */
export interface PlannedSource {
  /** As the user wrote it (resource names follow it, so a respelling renames nothing). */
  cidr: string;
  family: CidrFamily;
  /** The spelling AWS stores and reads back; `undefined` when the block is invalid (validation says so). */
  canonical?: string;
}

/** An inbound rule with its defaults applied: the one form the resources, checks and URLs read. */
export interface PlannedRule {
  /** The rule as given, for validation messages about what the user wrote. */
  args: IngressRuleArgs;
  /** Default `"tcp"`. */
  protocol: string;
  /** The port range (`toPort` defaults to `fromPort`); absent for every protocol (`"-1"`). */
  ports?: { fromPort?: number; toPort?: number };
  sources: PlannedSource[];
  description?: string;
}

/** Applies a rule's defaults once. */
export function planRule(rule: IngressRuleArgs): PlannedRule {
  const protocol = rule.protocol ?? "tcp";
  return {
    args: rule,
    protocol,
    ports: protocol === "-1" ? undefined : { fromPort: rule.fromPort, toPort: rule.toPort ?? rule.fromPort },
    sources: rule.cidrBlocks.map((cidr) => ({
      cidr,
      family: cidrFamily(cidr),
      canonical: canonicalCidr(cidr),
    })),
    description: rule.description,
  };
}

/** Everything the component builds for one interface, with the defaults applied. */
export interface PlannedInterface {
  /**
   * 0 for the primary interface, then 1, 2, … in `secondaryInterfaces` order. On a one-card type
   * this is the device index; on several cards `placeOnCards` numbers device indexes per card.
   */
  position: number;
  /** The network card asked for (`networkCardIndex`); `undefined`: placed on the first with room. */
  networkCardIndex?: number;
  /** Security groups of the user's own, beside the interface's own group. */
  extraSecurityGroupIds: pulumi.Input<string>[];
  /** `eth<N>`, used in resource names and messages. */
  role: string;
  /** Where the interface comes from in the args, for messages (`subnetId`, `secondaryInterfaces[0]`). */
  argsPath: string;
  /** The interface's subnet (a secondary interface defaults to the primary subnet). */
  subnetId: pulumi.Input<string>;
  /** The argument the subnet comes from, for messages (`subnetId`, `secondaryInterfaces[0].subnetId`). */
  subnetArgument: string;
  ingress: PlannedRule[];
  /** Private IPv4 addresses, primary included. */
  ipv4Count: number;
  /** The addresses written out (`privateIpAddresses`), or `undefined` where EC2 picks them. */
  privateIpAddresses?: string[];
  /** Whether each private IPv4 address gets an Elastic IP (the `elasticIps` argument, default true). */
  withElasticIps: boolean;
  sourceDestCheck: boolean;
  description: string;
  /** Whether HTTP reaches the interface's Elastic IPs at all: some IPv4 source may use port 80. */
  allowsHttp: boolean;
  /** IPv4 sources (canonical CIDR blocks, sorted) allowed to port 80: those that can use its Elastic IPs. */
  httpSources: string[];
  /** IPv6 addresses on the interface. */
  ipv6Count: number;
  /** IPv6 sources (canonical, sorted) allowed to port 80: those that can use its IPv6 addresses. */
  ipv6HttpSources: string[];
}

/**
 * The sources of one address family the rules let reach port 80. Elastic IPs are IPv4 addresses,
 * so a rule open only to IPv6 sources opens no page at them, and the reverse for IPv6 addresses;
 * invalid blocks are left to validation.
 */
function httpSourcesOf(rules: PlannedRule[], family: CidrFamily): string[] {
  const sources = rules
    .filter((rule) => allowsHttp(rule.protocol, rule.ports?.fromPort, rule.ports?.toPort))
    .flatMap((rule) => rule.sources)
    .flatMap((source) => (source.family === family && source.canonical ? [source.canonical] : []));
  return [...new Set(sources)].sort();
}

function httpAccess(rules: PlannedRule[]): { allowsHttp: boolean; httpSources: string[]; ipv6HttpSources: string[] } {
  const httpSources = httpSourcesOf(rules, "ipv4");
  return { allowsHttp: httpSources.length > 0, httpSources, ipv6HttpSources: httpSourcesOf(rules, "ipv6") };
}

/**
 * The standby's primary interface, when there is a standby: eth0's rules and addresses, in
 * `standbySubnetId` (default: the primary subnet).
 */
export function planStandby(
  name: string,
  args: DualHomedServerArgs,
  primary: PlannedInterface,
): PlannedInterface | undefined {
  if (args.standby !== true) return undefined;
  return {
    ...primary,
    role: "standby-eth0",
    argsPath: "standbySubnetId",
    subnetId: args.standbySubnetId ?? args.subnetId,
    subnetArgument: args.standbySubnetId === undefined ? "subnetId" : "standbySubnetId",
    description: `${name} standby eth0`,
  };
}

/** Applies the documented defaults; the primary interface comes first. */
export function planInterfaces(name: string, args: DualHomedServerArgs): PlannedInterface[] {
  const primaryIngress: PlannedRule[] = [
    {
      protocol: "tcp",
      fromPort: 80,
      cidrBlocks: args.httpIngressCidrs ?? defaultHttpIngressCidrs,
      description: "HTTP",
    },
    { protocol: "tcp", fromPort: 22, cidrBlocks: args.sshIngressCidrs ?? [], description: "SSH" },
  ]
    .filter((rule) => rule.cidrBlocks.length > 0)
    .map(planRule);
  const primary: PlannedInterface = {
    position: 0,
    extraSecurityGroupIds: args.securityGroupIds ?? [],
    role: "eth0",
    argsPath: "subnetId",
    subnetId: args.subnetId,
    subnetArgument: "subnetId",
    ingress: primaryIngress,
    ipv4Count: 1,
    ipv6Count: args.ipv6AddressCount ?? 0,
    withElasticIps: true,
    sourceDestCheck: true,
    description: `${name} eth0`,
    ...httpAccess(primaryIngress),
  };
  const secondaries = (args.secondaryInterfaces ?? [{}]).map((eni, i): PlannedInterface => {
    const ingress = (eni.ingress ?? []).map(planRule);
    return {
      position: i + 1,
      networkCardIndex: eni.networkCardIndex,
      extraSecurityGroupIds: eni.securityGroupIds ?? [],
      role: `eth${i + 1}`,
      argsPath: `secondaryInterfaces[${i}]`,
      subnetId: eni.subnetId ?? args.subnetId,
      subnetArgument: eni.subnetId === undefined ? "subnetId" : `secondaryInterfaces[${i}].subnetId`,
      ingress,
      ipv4Count: eni.privateIpAddresses
        ? Math.max(1, eni.privateIpAddresses.length)
        : 1 + (eni.secondaryPrivateIpCount ?? 0),
      privateIpAddresses: eni.privateIpAddresses,
      ipv6Count: eni.ipv6AddressCount ?? 0,
      withElasticIps: eni.elasticIps ?? true,
      sourceDestCheck: eni.sourceDestCheck ?? true,
      description: eni.description ?? `${name} eth${i + 1}`,
      ...httpAccess(ingress),
    };
  });
  return [primary, ...secondaries];
}
