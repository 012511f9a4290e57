import type { DualHomedServerArgs } from "./args";
import type { PlannedInterface } from "./interfacePlan";
import { securityGroupTextProblem, tagProblems } from "./awsTextLimits";
import { largestInstanceTypeLimits, ruleNames } from "dual-homed-server-rules";
import {
  canonicalCidr,
  cidrBlockProblem,
  listEntryProblems,
  portRangeProblems,
  privateIpv4AddressProblem,
} from "./inputRules";
import { apacheUserData, defaultIndexHtml } from "./userData";

/** EC2 refuses user data above 16 KB. */
export const maxUserDataBytes = 16 * 1024;

function subnetIdProblems(where: string, subnetId: unknown): string[] {
  return typeof subnetId === "string" && subnetId.trim() === ""
    ? [`${where} is empty; give the id of a subnet (subnet-…).`]
    : [];
}

/** The spelling AWS compares a CIDR block in; an invalid block is reported on its own. */
const comparableCidr = (cidr: string) => canonicalCidr(cidr) ?? cidr;

/** A whole IPv6 address count no instance type refuses outright. */
function ipv6CountProblems(where: string, count: number | undefined): string[] {
  if (count === undefined) return [];
  if (!Number.isInteger(count) || count < 0) return [`${where} is ${count}; give a whole number, 0 or more.`];
  const most = largestInstanceTypeLimits.ipv6AddressesPerInterface;
  return count > most
    ? [
        `${ruleNames.withinAnyInstanceTypeLimit}: ${where} is ${count}, but no EC2 instance type allows more than ` +
          `${most} IPv6 addresses per interface.`,
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
  if (!Array.isArray(addresses)) return [`${where} is ${JSON.stringify(addresses)}; give a list of IPv4 addresses.`];
  const problems: string[] = [];
  if (count !== undefined) {
    problems.push(
      `${path} sets both secondaryPrivateIpCount (${count}) and privateIpAddresses; keep privateIpAddresses ` +
        `(it says how many addresses too) and remove secondaryPrivateIpCount.`,
    );
  }
  if (addresses.length === 0) {
    problems.push(`${where} is empty; list at least one address (the primary), or leave it out to let EC2 pick.`);
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

/** One private address belongs to one interface: EC2 refuses to assign an address already in use. */
function addressesOnTwoInterfacesProblems(args: DualHomedServerArgs): string[] {
  const owner = new Map<string, number>();
  const problems: string[] = [];
  (args.secondaryInterfaces ?? []).forEach((eni, i) => {
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

function interfaceProblems(eni: PlannedInterface, userPath: (field: string) => string): string[] {
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
      problems.push(`${where}.cidrBlocks is empty; a rule needs at least one source CIDR block.`);
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

/**
 * Everything that can be checked before any lookup: values a deployment would otherwise reject
 * halfway through. Returns one message per problem, naming the offending field and value.
 */
export function validateArgs(name: string, args: DualHomedServerArgs, plan: PlannedInterface[]): string[] {
  const problems: string[] = [
    ...subnetIdProblems("subnetId", args.subnetId),
    ...subnetIdProblems("standbySubnetId", args.standbySubnetId),
  ];
  problems.push(...ipv6CountProblems("ipv6AddressCount", args.ipv6AddressCount));
  if (args.standbyHoldsInterfaces === true && args.standby !== true) {
    problems.push(
      "standbyHoldsInterfaces is true but there is no standby; set standby: true to launch one, or leave " +
        "standbyHoldsInterfaces unset so the primary instance holds the secondary interfaces.",
    );
  }
  // The name goes into every security group's description.
  const nameProblem = securityGroupTextProblem(
    `the component's name (it starts each security group's description)`,
    name,
  );
  if (nameProblem) problems.push(nameProblem);
  const writesAddresses = (args.secondaryInterfaces ?? []).some((eni) => eni.privateIpAddresses !== undefined);
  problems.push(...tagProblems(args.tags, writesAddresses ? 2 : 1));
  if (args.followLatestAmi !== undefined && typeof args.followLatestAmi !== "boolean") {
    problems.push(
      `followLatestAmi is ${JSON.stringify(args.followLatestAmi)}; use false (the default: the image chosen at ` +
        `creation stays) or true (follow Amazon Linux releases, replacing the instance).`,
    );
  }
  const largest = largestInstanceTypeLimits;
  const interfaceCount = plan.length;
  if (interfaceCount > largest.maxNetworkInterfaces) {
    problems.push(
      `${ruleNames.withinAnyInstanceTypeLimit}: secondaryInterfaces has ${interfaceCount - 1} entries, so the instance ` +
        `would have ${interfaceCount} network interfaces, but no EC2 instance type allows more than ` +
        `${largest.maxNetworkInterfaces}. Spread them over several servers.`,
    );
  }
  if (typeof args.instanceType === "string" && args.instanceType.trim() === "") {
    problems.push(`instanceType is empty; give an EC2 instance type such as "t3.micro" (the default when omitted).`);
  }
  // The primary interface's rules come from two top-level lists; report them under those names.
  const primaryLists: [string, string[]][] = [
    ["httpIngressCidrs", args.httpIngressCidrs ?? []],
    ["sshIngressCidrs", args.sshIngressCidrs ?? []],
  ];
  for (const [field, cidrs] of primaryLists) {
    cidrs.forEach((cidr, c) => {
      const problem = cidrBlockProblem(`${field}[${c}]`, cidr);
      if (problem) problems.push(problem);
    });
    problems.push(...listEntryProblems(field, cidrs, comparableCidr));
  }
  (args.secondaryInterfaces ?? []).forEach((eni, i) => {
    const path = `secondaryInterfaces[${i}]`;
    problems.push(...subnetIdProblems(`${path}.subnetId`, eni.subnetId));
    const count = eni.secondaryPrivateIpCount;
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      problems.push(`${path}.secondaryPrivateIpCount is ${count}; give a whole number, 0 or more.`);
    } else if (count !== undefined && count + 1 > largest.ipv4AddressesPerInterface) {
      problems.push(
        `${ruleNames.withinAnyInstanceTypeLimit}: ${path}.secondaryPrivateIpCount is ${count}, so the interface would ` +
          `have ${count + 1} private IPv4 addresses, but no EC2 instance type allows more than ` +
          `${largest.ipv4AddressesPerInterface} per interface (primary included).`,
      );
    }
    problems.push(...privateIpAddressesProblems(path, eni.privateIpAddresses, count));
    problems.push(...ipv6CountProblems(`${path}.ipv6AddressCount`, eni.ipv6AddressCount));
    problems.push(...interfaceProblems(plan[i + 1], (field) => `${path}.${field}`));
  });
  problems.push(...addressesOnTwoInterfacesProblems(args));
  const userDataBytes = Buffer.byteLength(apacheUserData(args.indexHtml ?? defaultIndexHtml));
  if (userDataBytes > maxUserDataBytes) {
    problems.push(
      `indexHtml makes ${userDataBytes} bytes of user data but EC2 accepts at most ${maxUserDataBytes}; ` +
        `serve a smaller page.`,
    );
  }
  return problems;
}
