import { ruleNames } from "./names";

/** AWS's default quota of security groups per network interface (adjustable up to 16). */
export const defaultMaxSecurityGroupsPerEni = 5;

/** A network interface takes at most `max` security groups (the account's quota). */
export function eniSecurityGroupCount(label: string, count: number, max = defaultMaxSecurityGroupsPerEni): string[] {
  return count > max
    ? [
        `${ruleNames.eniSecurityGroupCount}: network interface ${label} has ${count} security groups but the ` +
          `quota is ${max} per interface; merge groups or raise the quota (and this policy's maxSecurityGroups).`,
      ]
    : [];
}
