import { largestInstanceTypeLimits, ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";
import type { PlannedInterface } from "../plan/interfacePlan";
import { adoptionProblems } from "./adoptionChecks";
import { failoverProblems } from "./failoverChecks";
import { instanceOptionProblems } from "./instanceOptionChecks";
import type { ServerPlan } from "../plan/serverPlan";
import { osFamilyProblems } from "../guest/osFamily";
import { defaultIndexHtml } from "../userData";
import { securityGroupTextProblem, tagProblems } from "./awsText";
import { canonicalCidr, cidrBlockProblem } from "./cidrBlock";
import { listEntryProblems } from "./duplicateEntries";
import {
  addressesOnTwoInterfacesProblems,
  emptyIdProblems,
  ipv6CountProblems,
  secondaryInterfaceProblems,
} from "./interfaceArgumentChecks";

const present = (problem: string | undefined): string[] => (problem ? [problem] : []);

/** The spelling AWS compares a CIDR block in; an invalid block is reported on its own. */
const comparableCidr = (cidr: string) => canonicalCidr(cidr) ?? cidr;

/** Options that take a fixed type or only make sense together. */
function optionProblems(args: DualHomedServerArgs): string[] {
  const problems: string[] = [];
  if (args.standbyHoldsInterfaces === true && args.standby !== true) {
    problems.push(
      `${ruleNames.standbyBeforeHoldingInterfaces}: standbyHoldsInterfaces is true but there is no standby; set ` +
        `standby: true to launch one, or leave standbyHoldsInterfaces unset so the primary instance holds the ` +
        `secondary interfaces.`,
    );
  }
  if (args.followLatestAmi !== undefined && typeof args.followLatestAmi !== "boolean") {
    problems.push(
      `${ruleNames.validOptionType}: followLatestAmi is ${JSON.stringify(args.followLatestAmi)}; use false (the ` +
        `default: the image chosen at creation stays) or true (follow Amazon Linux releases, replacing the instance).`,
    );
  }
  problems.push(...osFamilyProblems(args.osFamily));
  return problems;
}

/** The primary interface's rules come from two top-level lists; reported under those names. */
function primaryIngressProblems(args: DualHomedServerArgs): string[] {
  const lists: [string, string[]][] = [
    ["httpIngressCidrs", args.httpIngressCidrs ?? []],
    ["sshIngressCidrs", args.sshIngressCidrs ?? []],
  ];
  return lists.flatMap(([field, cidrs]) => [
    ...cidrs.flatMap((cidr, c) => cidrBlockProblem(`${field}[${c}]`, cidr) ?? []),
    ...listEntryProblems(field, cidrs, comparableCidr),
  ]);
}

/** More interfaces than any instance type takes can never deploy. */
function interfaceCountProblems(plan: readonly PlannedInterface[]): string[] {
  const most = largestInstanceTypeLimits.maxNetworkInterfaces;
  return plan.length > most
    ? [
        `${ruleNames.withinAnyInstanceTypeLimit}: secondaryInterfaces has ${plan.length - 1} entries, so the instance ` +
          `would have ${plan.length} network interfaces, but no EC2 instance type allows more than ${most}. Spread ` +
          `them over several servers.`,
      ]
    : [];
}

/**
 * Everything that can be checked at construction, before any lookup: values a deployment would
 * otherwise reject halfway through. One message per problem, each starting with its rule's name
 * and naming the offending field and value.
 */
export function argumentProblems(name: string, args: DualHomedServerArgs, server: ServerPlan): string[] {
  const plan = server.interfaces;
  const secondaries = args.secondaryInterfaces ?? [];
  const writesAddresses = secondaries.some((eni) => eni.privateIpAddresses !== undefined);
  return [
    ...emptyIdProblems("subnetId", args.subnetId, "the id of a subnet (subnet-…)"),
    ...emptyIdProblems("standbySubnetId", args.standbySubnetId, "the id of a subnet (subnet-…), or leave it out"),
    ...emptyIdProblems(
      "instanceType",
      args.instanceType,
      `an EC2 instance type such as "t3.micro" (the default when omitted)`,
    ),
    ...ipv6CountProblems("ipv6AddressCount", args.ipv6AddressCount),
    ...optionProblems(args),
    // The name starts every security group's description.
    ...present(securityGroupTextProblem(`the component's name (it starts each security group's description)`, name)),
    ...tagProblems(args.tags, writesAddresses ? 2 : 1),
    ...interfaceCountProblems(plan),
    ...primaryIngressProblems(args),
    ...secondaries.flatMap((eni, i) => secondaryInterfaceProblems(eni, plan[i + 1])),
    ...addressesOnTwoInterfacesProblems(secondaries),
    ...adoptionProblems(args),
    ...instanceOptionProblems(args, server.instance, plan, args.indexHtml ?? defaultIndexHtml),
    ...failoverProblems(args, server),
  ];
}
