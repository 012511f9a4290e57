import { ruleNames } from "dual-homed-server-rules";

/** Protocols a security group rule takes by name; "-1" means every protocol. */
const supportedProtocols = ["tcp", "udp", "icmp", "icmpv6", "-1"] as const;

/**
 * Checks a rule's protocol and port range the way EC2 does: TCP/UDP ports are integers 0–65535
 * with `fromPort <= toPort`; ICMP uses type and code (-1 for all, else 0–255); "-1" (all
 * protocols) takes no ports.
 */
export function portRangeProblems(where: string, protocol: string, fromPort?: number, toPort?: number): string[] {
  const rule = ruleNames.validPortRange;
  if (!(supportedProtocols as readonly string[]).includes(protocol)) {
    return [`${rule}: ${where} has protocol "${protocol}"; use one of ${supportedProtocols.join(", ")}.`];
  }
  if (protocol === "-1") {
    return fromPort === undefined && toPort === undefined
      ? []
      : [`${rule}: ${where} allows every protocol ("-1"), which takes no ports; remove fromPort and toPort.`];
  }
  if (fromPort === undefined) {
    return [`${rule}: ${where} has protocol "${protocol}" but no fromPort.`];
  }
  const to = toPort ?? fromPort;
  const [min, max] = protocol.startsWith("icmp") ? [-1, 255] : [0, 65535];
  const problems: string[] = [];
  for (const [field, port] of [
    ["fromPort", fromPort],
    ["toPort", to],
  ] as const) {
    if (!Number.isInteger(port) || port < min || port > max) {
      problems.push(`${rule}: ${where} has ${field} ${port}; ${protocol} takes whole numbers from ${min} to ${max}.`);
    }
  }
  if (!protocol.startsWith("icmp") && problems.length === 0 && fromPort > to) {
    problems.push(`${rule}: ${where} has fromPort ${fromPort} above toPort ${to}; swap them.`);
  }
  return problems;
}

/** Whether a rule with this protocol and range lets HTTP (TCP port 80) in. */
export function allowsHttp(protocol: string, fromPort?: number, toPort?: number): boolean {
  if (protocol === "-1") return true;
  if (protocol !== "tcp" || fromPort === undefined) return false;
  return fromPort <= 80 && 80 <= (toPort ?? fromPort);
}
