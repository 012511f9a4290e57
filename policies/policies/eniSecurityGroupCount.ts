import type { StackValidationPolicy } from "@pulumi/policy";
import { defaultMaxSecurityGroupsPerEni, eniSecurityGroupCount as groupRule, ruleNames } from "dual-homed-server-rules";
import { reportUnverifiableSchema, type UnverifiableConfig } from "../config";
import { interfacesOfStack } from "../facts/checkedInterfaces";
import { buildStackModel } from "../facts/stackModel";
import { unverifiable } from "../reporting";

const rule = ruleNames.eniSecurityGroupCount;

interface SecurityGroupCountConfig extends UnverifiableConfig {
  maxSecurityGroups?: number;
}

export const eniSecurityGroupCount: StackValidationPolicy = {
  name: rule,
  description:
    "Each network interface (and each instance's own eth0) has no more security groups than the account's " +
    "quota per interface (default 5, adjustable to 16). Merge groups, or raise the quota and maxSecurityGroups.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      maxSecurityGroups: {
        type: "integer",
        minimum: 1,
        maximum: 16,
        default: defaultMaxSecurityGroupsPerEni,
        description: "Security groups allowed per network interface (the account's quota).",
      },
      reportUnverifiable: reportUnverifiableSchema,
    },
  },
  validateStack: (args, report) => {
    const config = args.getConfig<SecurityGroupCountConfig>();
    const to = { rule, report, config };
    const max = config.maxSecurityGroups ?? defaultMaxSecurityGroupsPerEni;
    for (const eni of interfacesOfStack(buildStackModel(args.resources))) {
      if (!eni.securityGroupCount.known) {
        unverifiable(to, eni.urn, `the security groups of ${eni.label}`, eni.securityGroupCount.why);
        continue;
      }
      for (const message of groupRule(eni.label, eni.securityGroupCount.value, max)) report(message, eni.urn);
    }
  },
};
