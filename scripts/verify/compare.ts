import type { ObservedInterface, ObservedTopology } from "./ec2Topology";
import { isBlocked, type ProbeOutcome } from "./probe";
import { expectedInterfaces, type ExpectedInterface, type ServerOutputs } from "./stackOutputs";

/** One line of the report: one private address of one interface. */
export interface Row {
  /** The instance that holds the interface, as EC2 reports it (`-` when detached). */
  instance: string;
  device: number;
  interface: string;
  subnet: string;
  az: string;
  securityGroup: string;
  privateIp: string;
  publicIp: string;
  /**
   * `page` (open to anyone), `page from <CIDRs>` (open only to those IPv4 sources: this machine may
   * be outside them, so either outcome passes), `blocked`, `-` (no public address) or, for an
   * unexpected interface, `absent`.
   */
  expected: string;
  /** The probe's outcome, `not probed`, or what the EC2 API shows. */
  observed: string;
  ok: boolean;
  reasons: string[];
}

/** Probe outcomes by public IP; absent when probing is off. */
export type ProbeOutcomes = Map<string, ProbeOutcome> | undefined;

/** "i-… (the standby)" for the stack's two instances, the bare id for any other. */
function instanceLabel(outputs: ServerOutputs, id: string): string {
  if (id === outputs.instanceId) return `${id} (the instance)`;
  return id && id === outputs.standbyInstanceId ? `${id} (the standby)` : id;
}

/**
 * Why the interface is not held as the stack says. A secondary interface on the stack's other
 * instance was moved outside the stack: by the failover monitor, `npm run takeover` not yet
 * recorded, or by hand.
 */
function holderReason(outputs: ServerOutputs, expected: ExpectedInterface, found: string | undefined): string {
  if (!found) return "not attached";
  const reason = `attached to ${instanceLabel(outputs, found)}, not ${instanceLabel(outputs, expected.instanceId)}`;
  const ours = [outputs.instanceId, outputs.standbyInstanceId];
  return expected.info.deviceIndex > 0 && ours.includes(found) && ours.includes(expected.instanceId)
    ? `${reason} as the stack says: moved outside the stack (by the failover monitor, or by hand)`
    : reason;
}

/**
 * The secondary interfaces EC2 shows on the stack's other instance (moved outside the stack), as
 * `eth<N>`, and the instance that holds them; `undefined` when the stack and EC2 agree on every holder.
 */
export function holderDisagreement(
  outputs: ServerOutputs,
  topology: ObservedTopology,
): { interfaces: string[]; heldBy: "the standby" | "the instance" } | undefined {
  const moved = expectedInterfaces(outputs).filter(({ info, instanceId }) => {
    const found = topology.interfaces.get(info.networkInterfaceId)?.attachedInstanceId;
    return (
      info.deviceIndex > 0 &&
      found &&
      found !== instanceId &&
      [outputs.instanceId, outputs.standbyInstanceId].includes(found)
    );
  });
  if (moved.length === 0) return undefined;
  const holder = topology.interfaces.get(moved[0].info.networkInterfaceId)?.attachedInstanceId;
  return {
    interfaces: moved.map(({ info }) => `eth${outputs.interfaces.indexOf(info)}`),
    heldBy: holder === outputs.standbyInstanceId ? "the standby" : "the instance",
  };
}

function interfaceReasons(outputs: ServerOutputs, expected: ExpectedInterface, topology: ObservedTopology): string[] {
  const eni = topology.interfaces.get(expected.info.networkInterfaceId);
  if (!eni) return [`interface ${expected.info.networkInterfaceId} does not exist`];
  const reasons: string[] = [];
  if (eni.attachedInstanceId !== expected.instanceId) {
    reasons.push(holderReason(outputs, expected, eni.attachedInstanceId));
  } else if (eni.deviceIndex !== expected.info.deviceIndex) {
    reasons.push(`at device index ${eni.deviceIndex}, expected ${expected.info.deviceIndex}`);
  } else if ((eni.networkCardIndex ?? 0) !== expected.info.networkCardIndex) {
    reasons.push(`on network card ${eni.networkCardIndex ?? 0}, expected ${expected.info.networkCardIndex}`);
  }
  if (eni.availabilityZone !== topology.instanceAz) {
    reasons.push(`in ${eni.availabilityZone} but the instance is in ${topology.instanceAz}`);
  }
  const groups = [...expected.info.securityGroupIds].sort();
  const observed = [...eni.securityGroupIds].sort();
  if (groups.length !== observed.length || groups.some((g, i) => g !== observed[i])) {
    reasons.push(
      `security groups ${eni.securityGroupIds.join(", ") || "none"}, expected ${expected.info.securityGroupIds.join(", ")}`,
    );
  }
  return reasons;
}

/** What a probe of this interface's Elastic IPs should find, from the IPv4 sources open to port 80. */
export function expectedHttp(eni: Pick<ServerOutputs["interfaces"][number], "httpSources">): string {
  return expectedFrom(eni.httpSources, "0.0.0.0/0");
}

/** What a probe of this interface's IPv6 addresses should find, from the IPv6 sources open to port 80. */
export function expectedHttpIpv6(eni: Pick<ServerOutputs["interfaces"][number], "ipv6HttpSources">): string {
  return expectedFrom(eni.ipv6HttpSources, "::/0");
}

function expectedFrom(sources: string[], anyone: string): string {
  if (sources.length === 0) return "blocked";
  return sources.includes(anyone) ? "page" : `page from ${sources.join(", ")}`;
}

/** One address's row: the probe outcome against what the rules lead to expect, added to `reasons`. */
function addressRow(
  info: ServerOutputs["interfaces"][number],
  eni: ObservedInterface | undefined,
  privateIp: string,
  publicIp: string,
  wanted: string,
  probes: ProbeOutcomes,
  reasons: string[],
): Row {
  const outcome = publicIp ? probes?.get(publicIp) : undefined;
  if (outcome !== undefined && (wanted === "page" || wanted === "blocked")) {
    const matches = wanted === "page" ? outcome === "page" : isBlocked(outcome);
    if (!matches) reasons.push(`expected ${wanted}, got ${outcome}`);
  }
  return {
    instance: eni?.attachedInstanceId ?? "",
    device: info.deviceIndex,
    interface: info.networkInterfaceId,
    subnet: eni?.subnetId ?? "?",
    az: eni?.availabilityZone ?? "?",
    securityGroup: info.securityGroupIds.join(", "),
    privateIp,
    publicIp,
    expected: wanted,
    observed: !publicIp ? "-" : (outcome ?? "not probed"),
    ok: reasons.length === 0,
    reasons,
  };
}

/** Why an Elastic IP is not where the stack says, if it is not. */
function elasticIpReasons(
  publicIp: string,
  privateIp: string,
  interfaceId: string,
  topology: ObservedTopology,
): string[] {
  const address = topology.addresses.get(publicIp);
  if (!address) return [`Elastic IP ${publicIp} does not exist`];
  if (address.networkInterfaceId !== interfaceId) {
    return [`Elastic IP ${publicIp} is on ${address.networkInterfaceId ?? "nothing"}, expected ${interfaceId}`];
  }
  if (address.privateIpAddress !== privateIp) {
    return [`Elastic IP ${publicIp} is on private IP ${address.privateIpAddress ?? "none"}, expected ${privateIp}`];
  }
  return [];
}

/** One row per private IPv4 address of an interface; the interface's own findings on the first. */
function ipv4Rows(
  holder: ExpectedInterface,
  shared: string[],
  topology: ObservedTopology,
  probes: ProbeOutcomes,
): Row[] {
  const expected = holder.info;
  const eni = topology.interfaces.get(expected.networkInterfaceId);
  const addresses = expected.privateIps.length ? expected.privateIps : [""];
  return addresses.map((privateIp, k) => {
    const publicIp = expected.publicIps[k] ?? "";
    const reasons = k === 0 ? [...shared] : shared.length ? ["see the interface's first row"] : [];
    if (eni && privateIp && !eni.privateIps.includes(privateIp)) {
      reasons.push(`private IP ${privateIp} is not on ${eni.id} (it has ${eni.privateIps.join(", ")})`);
    }
    if (publicIp) reasons.push(...elasticIpReasons(publicIp, privateIp, expected.networkInterfaceId, topology));
    return addressRow(expected, eni, privateIp, publicIp, publicIp ? expectedHttp(expected) : "-", probes, reasons);
  });
}

/** IPv6 addresses: public themselves, one row each, checked on the interface and probed as such. */
function ipv6Rows(info: ExpectedInterface["info"], topology: ObservedTopology, probes: ProbeOutcomes): Row[] {
  const eni = topology.interfaces.get(info.networkInterfaceId);
  return info.ipv6Addresses.map((address) => {
    const reasons =
      eni && !eni.ipv6Addresses.includes(address)
        ? [`IPv6 address ${address} is not on ${eni.id} (it has ${eni.ipv6Addresses.join(", ") || "none"})`]
        : [];
    return addressRow(info, eni, address, address, expectedHttpIpv6(info), probes, reasons);
  });
}

/** Interfaces attached to the instance or the standby that the stack does not declare. */
function undeclaredRows(outputs: ServerOutputs, topology: ObservedTopology, declaredIds: Set<string>): Row[] {
  return topology.attached
    .filter((a) => !declaredIds.has(a.id))
    .map((extra) => {
      const eni = topology.interfaces.get(extra.id);
      return {
        instance: extra.instanceId,
        device: extra.deviceIndex,
        interface: extra.id,
        subnet: eni?.subnetId ?? "?",
        az: eni?.availabilityZone ?? "?",
        securityGroup: eni?.securityGroupIds.join(", ") ?? "?",
        privateIp: eni?.privateIps[0] ?? "",
        publicIp: "",
        expected: "absent",
        observed: "attached",
        ok: false,
        reasons: [
          `attached to ${extra.instanceId === outputs.instanceId ? "the instance" : "the standby"} but not in the stack's outputs`,
        ],
      };
    });
}

/** Compares what the stack says with what EC2 and the probes show. */
export function compare(outputs: ServerOutputs, topology: ObservedTopology, probes: ProbeOutcomes): Row[] {
  const instanceReasons =
    outputs.availabilityZone !== topology.instanceAz
      ? [`the instance is in ${topology.instanceAz}, the stack says ${outputs.availabilityZone}`]
      : [];
  const standbyReasons =
    topology.standbyAz !== undefined && topology.standbyAz !== topology.instanceAz
      ? [`the standby is in ${topology.standbyAz}, the instance in ${topology.instanceAz}`]
      : [];
  // Each instance's profile, reported on its own first row (with failover the standby has its own).
  const profiles = [outputs.instanceProfileName, outputs.standbyInstanceProfileName ?? outputs.instanceProfileName];
  topology.instanceProfiles.forEach((found, i) => {
    const profile = profiles[i];
    if (profile !== undefined && found !== profile) {
      const which = i === 0 ? "the instance" : "the standby";
      const reason = `${which} has instance profile ${found || "none"}, the stack says ${profile || "none"}`;
      (i === 0 || !outputs.standbyInterfaces?.length ? instanceReasons : standbyReasons).push(reason);
    }
  });
  const declared = expectedInterfaces(outputs);
  const rows = [
    ...declared.flatMap((holder, i) => {
      const first = i === 0 ? instanceReasons : i === outputs.interfaces.length ? standbyReasons : [];
      return ipv4Rows(holder, [...first, ...interfaceReasons(outputs, holder, topology)], topology, probes);
    }),
    ...declared.flatMap(({ info }) => ipv6Rows(info, topology, probes)),
    ...undeclaredRows(outputs, topology, new Set(declared.map((i) => i.info.networkInterfaceId))),
  ];
  // By instance (the instance first), then device index.
  const order = (row: Row) => (row.instance === outputs.standbyInstanceId && row.instance ? 1 : 0);
  return rows.sort((a, b) => order(a) - order(b) || a.device - b.device);
}
