import type { StackValidationPolicy } from "@pulumi/policy";
import { defaultMaxSecurityGroupsPerEni, eniSecurityGroupCount as groupRule, ruleNames } from "dual-homed-server-rules";
import { reportUnverifiableSchema, type UnverifiableConfig } from "../config";
import { interfacesOfStack } from "../facts/checkedInterfaces";
import { buildStackModel } from "../facts/stackModel";
import { packTags, policyDocsUrl, unlessApplicable } from "../metadata";
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
  // medium: AWS refuses more groups than the quota at apply time, but the quota is the account's
  // (adjustable to 16) and the pack only knows the configured maxSecurityGroups, so a violation may
  // be a quota this account has already raised.
  severity: "medium",
  remediationSteps:
    "Merge security groups so that each network interface has at most the account's quota per interface (default " +
    "5), or raise the quota (Service Quotas, 'Security groups per network interface', up to 16) and set " +
    "maxSecurityGroups in the policy config to match.",
  url: policyDocsUrl(rule),
  tags: [...packTags, "security-group", "quota"],
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
    const interfaces = interfacesOfStack(buildStackModel(args.resources));
    unlessApplicable(args, interfaces.length, "the stack has no network interface and no EC2 instance");
    for (const eni of interfaces) {
      if (!eni.securityGroupCount.known) {
        unverifiable(to, eni.urn, `the security groups of ${eni.label}`, eni.securityGroupCount.why);
        continue;
      }
      for (const message of groupRule(eni.label, eni.securityGroupCount.value, max)) report(message, eni.urn);
    }
  },
};
