import { countedEipRole, ingressRuleRole, portsKey, writtenOutEipRole } from "../../components/plan/childRoles";
import type { FoundInterface, FoundRule, FoundServer } from "./discover";

/** What `npm run adopt` writes into the stack's config, and why it may not. */
export interface AdoptionPlan {
  /** Stack config keys (without the project prefix) and their values. */
  config: Record<string, unknown>;
  /** One line per thing the component cannot express: nothing is written when there is any. */
  refusals: string[];
  /** What the adoption adds or leaves alone, for the user to read. */
  notes: string[];
}

/** The state the plan is built up in. */
interface Draft {
  importIds: Record<string, string>;
  keep: Record<string, string[]>;
  refusals: string[];
  notes: string[];
}

const roleOf = (eni: FoundInterface, i: number) => (i === 0 ? "eth0" : `eth${i}`);
const cidrOf = (rule: FoundRule) => rule.cidrIpv4 ?? rule.cidrIpv6 ?? "";

/** A rule the component can write: from a CIDR block, not another group or a prefix list. */
function expressible(rule: FoundRule, where: string, draft: Draft): boolean {
  const source = rule.referencedGroupId ?? rule.prefixListId;
  if (!source) return true;
  draft.refusals.push(
    `rule ${rule.ruleId} of ${where} lets in ${source}: the component writes rules from CIDR blocks only; replace it ` +
      `with the CIDR blocks it stands for, or remove it.`,
  );
  return false;
}

/** eth0's own group: port 80 and 22 from CIDR blocks, and the allow-all outbound rule. */
function primaryRules(eni: FoundInterface, draft: Draft): { http: string[]; ssh: string[] } {
  const http: string[] = [];
  const ssh: string[] = [];
  const group = eni.groups[0];
  for (const rule of group.rules) {
    if (!expressible(rule, `${group.id} (eth0's group)`, draft)) continue;
    if (rule.egress) {
      if (rule.protocol === "-1" && rule.cidrIpv4 === "0.0.0.0/0") {
        draft.importIds["eth0-egress-all"] = rule.ruleId;
        draft.keep["eth0-egress-all"] = ["description"];
      }
      continue;
    }
    const port = rule.protocol === "tcp" && rule.fromPort === rule.toPort ? rule.fromPort : undefined;
    if (port !== 80 && port !== 22) {
      draft.refusals.push(
        `rule ${rule.ruleId} of ${group.id} (eth0's group) lets in ${rule.protocol} ${rule.fromPort ?? "all"}-${rule.toPort ?? "all"}: ` +
          `the component opens only port 80 (httpIngressCidrs) and 22 (sshIngressCidrs) on eth0; remove the rule or move it to a secondary interface.`,
      );
      continue;
    }
    (port === 80 ? http : ssh).push(cidrOf(rule));
    const role = ingressRuleRole("eth0", "tcp", portsKey({ fromPort: port, toPort: port }), cidrOf(rule));
    draft.importIds[role] = rule.ruleId;
    draft.keep[role] = ["description"];
  }
  return { http, ssh };
}

/** A secondary interface's group rules as `ingress` entries, one per rule. */
function secondaryIngress(eni: FoundInterface, role: string, draft: Draft): Record<string, unknown>[] {
  const group = eni.groups[0];
  return group.rules
    .filter((rule) => !rule.egress && expressible(rule, `${group.id} (${role}'s group)`, draft))
    .map((rule) => {
      const ports = rule.protocol === "-1" ? undefined : { fromPort: rule.fromPort, toPort: rule.toPort };
      draft.importIds[ingressRuleRole(role, rule.protocol, portsKey(ports), cidrOf(rule))] = rule.ruleId;
      return { protocol: rule.protocol, ...ports, cidrBlocks: [cidrOf(rule)], description: rule.description };
    });
}

/** The interface's Elastic IPs: on every private address or on none. */
function elasticIps(eni: FoundInterface, role: string, draft: Draft): boolean {
  const bound = eni.privateIps.map((ip) => eni.elasticIps.find((e) => e.privateIp === ip));
  if (bound.every((e) => e === undefined)) {
    if (role === "eth0")
      draft.notes.push("eth0 has no Elastic IP: the component allocates one (a create in the preview).");
    return false;
  }
  if (bound.some((e) => e === undefined)) {
    const bare = eni.privateIps.filter((_, k) => !bound[k]);
    draft.refusals.push(
      `${eni.id} (${role}) has Elastic IPs on some of its addresses only (none on ${bare.join(", ")}): the component ` +
        `gives every address of an interface one, or none; associate one with each or release them.`,
    );
    return false;
  }
  bound.forEach((e, k) => {
    const eipRole = role === "eth0" ? countedEipRole(role, k) : writtenOutEipRole(role, eni.privateIps[k]);
    draft.importIds[eipRole] = e!.allocationId;
    draft.keep[eipRole] = ["tags"];
    if (e!.associationId) draft.importIds[`${eipRole}-association`] = e!.associationId;
  });
  return true;
}

/** The imports and keeps every interface has: the interface, its own group, its attachment. */
function interfaceIds(eni: FoundInterface, role: string, draft: Draft): void {
  draft.importIds[role] = eni.id;
  draft.keep[role] = role === "eth0" ? ["tags", "description"] : ["tags"];
  draft.importIds[`${role}-sg`] = eni.groups[0].id;
  draft.keep[`${role}-sg`] = ["name", "description", "tags"];
  if (role !== "eth0" && eni.attachmentId) draft.importIds[`${role}-attachment`] = eni.attachmentId;
  if (eni.deviceIndex !== Number(role.slice(3)) || eni.networkCardIndex !== 0) {
    draft.refusals.push(
      `${eni.id} is at device index ${eni.deviceIndex} on network card ${eni.networkCardIndex}: the component attaches ` +
        `interfaces at 1, 2, … on card 0 of this type; detach it and attach it at device index ${role.slice(3)}.`,
    );
  }
}

function primaryConfig(server: FoundServer, draft: Draft): Record<string, unknown> {
  const eth0 = server.interfaces[0];
  interfaceIds(eth0, "eth0", draft);
  if (eth0.privateIps.length > 1 || !eth0.sourceDestCheck) {
    draft.refusals.push(
      `${eth0.id} (eth0) has ${eth0.privateIps.length} private IPv4 addresses${eth0.sourceDestCheck ? "" : " and no source/destination check"}: ` +
        `the component's eth0 has one address and the check on; move the extra addresses to a secondary interface.`,
    );
  }
  const { http, ssh } = primaryRules(eth0, draft);
  elasticIps(eth0, "eth0", draft);
  return {
    subnetId: eth0.subnetId,
    httpIngressCidrs: http,
    sshIngressCidrs: ssh,
    ...(eth0.ipv6Count > 0 ? { ipv6AddressCount: eth0.ipv6Count } : {}),
    ...(eth0.groups.length > 1 ? { securityGroupIds: eth0.groups.slice(1).map((g) => g.id) } : {}),
  };
}

function secondaryConfig(eni: FoundInterface, i: number, draft: Draft): Record<string, unknown> {
  const role = roleOf(eni, i);
  interfaceIds(eni, role, draft);
  return {
    subnetId: eni.subnetId,
    privateIpAddresses: eni.privateIps,
    ingress: secondaryIngress(eni, role, draft),
    elasticIps: elasticIps(eni, role, draft),
    sourceDestCheck: eni.sourceDestCheck,
    description: eni.description,
    ...(eni.ipv6Count > 0 ? { ipv6AddressCount: eni.ipv6Count } : {}),
    ...(eni.groups.length > 1 ? { securityGroupIds: eni.groups.slice(1).map((g) => g.id) } : {}),
  };
}

/**
 * Each interface's own group first: eth0's first group, and for every other interface the first of
 * its groups that no earlier interface owns (an interface may also carry another's group: those
 * become its `securityGroupIds`). An interface with no group of its own cannot be expressed.
 */
function withOwnGroupFirst(interfaces: FoundInterface[], draft: Draft): FoundInterface[] {
  const owned = new Set<string>();
  return interfaces.map((eni, i) => {
    const own = i === 0 ? eni.groups[0] : eni.groups.find((g) => !owned.has(g.id));
    if (!own) {
      draft.refusals.push(
        `${eni.id} (eth${i}) has no security group of its own (${eni.groups.map((g) => g.id).join(", ") || "none"}): ` +
          `the component gives each interface one; create a group for it and add it to the interface.`,
      );
      return eni;
    }
    owned.add(own.id);
    return { ...eni, groups: [own, ...eni.groups.filter((g) => g !== own)] };
  });
}

/**
 * The stack config that declares exactly what exists, with the id of every resource to import, or
 * the reasons it cannot be written. Pure: the EC2 reads happen in `discoverServer`.
 */
export function adoptionPlan(found: FoundServer): AdoptionPlan {
  const draft: Draft = {
    importIds: { instance: found.instanceId },
    // An instance launched with its own eth0 reads back deleteOnTermination as launched, which the
    // component's separate eth0 never sets: kept, or every up would update it (pulumi-aws#1528).
    keep: { instance: ["tags", "primaryNetworkInterface"] },
    refusals: [],
    notes: [],
  };
  const server = { ...found, interfaces: withOwnGroupFirst(found.interfaces, draft) };
  for (const eip of server.instanceElasticIps) {
    draft.refusals.push(
      `Elastic IP ${eip.publicIp} (${eip.allocationId}) is associated with the instance, not an interface: associate it ` +
        `with the interface and private address it should serve (associate-address --network-interface-id).`,
    );
  }
  const primary = primaryConfig(server, draft);
  const secondaryInterfaces = server.interfaces.slice(1).map((eni, i) => secondaryConfig(eni, i + 1, draft));
  if (!server.imdsv2Required) draft.keep.instance.push("metadataOptions");
  // Without user data of its own the instance would otherwise take the component's Apache setup.
  if (server.userData === undefined) draft.keep.instance.push("userData");
  if (server.standbyCandidates.length > 0) {
    draft.notes.push(
      `instances ${server.standbyCandidates.join(", ")} run in the same zone and VPC; a standby is not adopted: ` +
        `set standby: true to have the component launch its own.`,
    );
  }
  const config = {
    ...primary,
    secondaryInterfaces,
    instanceType: server.instanceType,
    ami: server.imageId,
    ...(server.keyName ? { keyName: server.keyName } : {}),
    adopt: {
      importIds: draft.importIds,
      keep: draft.keep,
      ...(server.userData !== undefined ? { userData: server.userData } : {}),
    },
  };
  return { config, refusals: draft.refusals, notes: draft.notes };
}
