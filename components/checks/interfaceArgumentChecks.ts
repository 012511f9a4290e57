import { largestInstanceTypeLimits, ruleNames } from "dual-homed-server-rules";
import type { SecondaryInterfaceArgs } from "../args";
import type { PlannedInterface } from "../plan/interfacePlan";
import { securityGroupTextProblem } from "./awsText";
import { cidrBlockProblem } from "./cidrBlock";
import { listEntryProblems } from "./duplicateEntries";
import { portRangeProblems } from "./portRange";
import { privateIpv4AddressProblem } from "./privateAddress";

/** An id argument given as an empty string (an absent one takes its default). */
export function emptyIdProblems(where: string, value: unknown, what: string): string[] {
  return typeof value === "string" && value.trim() === ""
    ? [`${ruleNames.noEmptyValues}: ${where} is empty; give ${what}.`]
    : [];
}

/** A count of addresses: a whole number, 0 or more. */
function countProblems(where: string, count: number | undefined): string[] {
  return count !== undefined && (!Number.isInteger(count) || count < 0)
    ? [`${ruleNames.validCount}: ${where} is ${count}; give a whole number, 0 or more.`]
    : [];
}

/** A whole IPv6 address count no instance type refuses outright. */
export function ipv6CountProblems(where: string, count: number | undefined): string[] {
  if (count === undefined) return [];
  const invalid = countProblems(where, count);
  if (invalid.length > 0) return invalid;
  const most = largestInstanceTypeLimits.ipv6AddressesPerInterface;
  return count > most
    ? [
        `${ruleNames.withinAnyInstanceTypeLimit}: ${where} is ${count}, but no EC2 instance type allows more than ` +
          `${most} IPv6 addresses per interface.`,
      ]
    : [];
}

/** `secondaryPrivateIpCount`: whole, and within what any instance type allows. */
function secondaryCountProblems(path: string, count: number | undefined): string[] {
  const where = `${path}.secondaryPrivateIpCount`;
  const invalid = countProblems(where, count);
  if (invalid.length > 0 || count === undefined) return invalid;
  const most = largestInstanceTypeLimits.ipv4AddressesPerInterface;
  return count + 1 > most
    ? [
        `${ruleNames.withinAnyInstanceTypeLimit}: ${where} is ${count}, so the interface would have ${count + 1} ` +
          `private IPv4 addresses, but no EC2 instance type allows more than ${most} per interface (primary included).`,
      ]
    : [];
}

/** Written-out addresses: valid, unique, not with a count, within what any instance type allows. */
function privateIpAddressesProblems(
  path: string,
  addresses: string[] | undefined,
  count: number | undefined,
): string[] {
  if (addresses === undefined) return [];
  const where = `${path}.privateIpAddresses`;
  const rule = ruleNames.addressesWrittenOrCounted;
  if (!Array.isArray(addresses)) {
    return [`${rule}: ${where} is ${JSON.stringify(addresses)}; give a list of IPv4 addresses.`];
  }
  const problems: string[] = [];
  if (count !== undefined) {
    problems.push(
      `${rule}: ${path} sets both secondaryPrivateIpCount (${count}) and privateIpAddresses; keep ` +
        `privateIpAddresses (it says how many addresses too) and remove secondaryPrivateIpCount.`,
    );
  }
  if (addresses.length === 0) {
    problems.push(
      `${rule}: ${where} is empty; list at least one address (the primary), or leave it out to let EC2 pick.`,
    );
  }
  addresses.forEach((address, i) => {
    const problem = privateIpv4AddressProblem(`${where}[${i}]`, String(address));
    if (problem) problems.push(problem);
  });
  problems.push(...listEntryProblems(where, addresses.map(String)));
  const most = largestInstanceTypeLimits.ipv4AddressesPerInterface;
  if (addresses.length > most) {
    problems.push(
      `${ruleNames.withinAnyInstanceTypeLimit}: ${where} lists ${addresses.length} addresses, but no EC2 ` +
        `instance type allows more than ${most} private IPv4 addresses per interface (primary included).`,
    );
  }
  return problems;
}

/** An interface's inbound rules: protocol and ports, descriptions, sources, and no rule twice. */
export function ingressProblems(eni: PlannedInterface, userPath: (field: string) => string): string[] {
  const problems: string[] = [];
  const ruleKeys: string[] = [];
  eni.ingress.forEach((rule, r) => {
    const where = userPath(`ingress[${r}]`);
    // Ports are checked as written: a port on an all-protocols rule is a mistake to report.
    problems.push(...portRangeProblems(where, rule.protocol, rule.args.fromPort, rule.args.toPort));
    if (rule.description !== undefined) {
      const problem = securityGroupTextProblem(`${where}.description`, rule.description);
      if (problem) problems.push(problem);
    }
    if (rule.sources.length === 0) {
      problems.push(
        `${ruleNames.ingressRuleHasSource}: ${where}.cidrBlocks is empty; a rule needs at least one source CIDR block.`,
      );
    }
    rule.sources.forEach((source, c) => {
      const problem = cidrBlockProblem(`${where}.cidrBlocks[${c}]`, source.cidr);
      if (problem) problems.push(problem);
      const ports = `${rule.args.fromPort ?? "all"}-${rule.args.toPort ?? rule.args.fromPort ?? "all"}`;
      ruleKeys.push(`${rule.protocol} ${ports} from ${source.canonical ?? source.cidr}`);
    });
  });
  problems.push(...listEntryProblems(`${userPath("ingress")} (as protocol, ports and source)`, ruleKeys));
  return problems;
}

/** Everything about one secondary interface that can be checked before any lookup. */
export function secondaryInterfaceProblems(eni: SecondaryInterfaceArgs, planned: PlannedInterface): string[] {
  const path = planned.argsPath;
  return [
    ...emptyIdProblems(`${path}.subnetId`, eni.subnetId, "the id of a subnet (subnet-…), or leave it out"),
    ...secondaryCountProblems(path, eni.secondaryPrivateIpCount),
    ...privateIpAddressesProblems(path, eni.privateIpAddresses, eni.secondaryPrivateIpCount),
    ...ipv6CountProblems(`${path}.ipv6AddressCount`, eni.ipv6AddressCount),
    ...countProblems(`${path}.networkCardIndex`, eni.networkCardIndex),
    ...ingressProblems(planned, (field) => `${path}.${field}`),
  ];
}

/** One private address belongs to one interface: EC2 refuses to assign an address already in use. */
export function addressesOnTwoInterfacesProblems(interfaces: readonly SecondaryInterfaceArgs[]): string[] {
  const owner = new Map<string, number>();
  const problems: string[] = [];
  interfaces.forEach((eni, i) => {
    if (!Array.isArray(eni.privateIpAddresses)) return;
    for (const address of new Set(eni.privateIpAddresses)) {
      const earlier = owner.get(address);
      if (earlier === undefined) owner.set(address, i);
      else {
        problems.push(
          `${ruleNames.noDuplicateEntries}: "${address}" is in both secondaryInterfaces[${earlier}].privateIpAddresses ` +
            `and secondaryInterfaces[${i}].privateIpAddresses; an address can be on one interface only.`,
        );
      }
    }
  });
  return problems;
}
