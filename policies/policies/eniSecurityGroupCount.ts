import type { StackValidationPolicy } from "@pulumi/policy";
import { defaultMaxSecurityGroupsPerEni, eniSecurityGroupCount as groupRule, ruleNames } from "dual-homed-server-rules";
import { reportUnverifiableSchema, type UnverifiableConfig } from "../config";
import { unverifiable } from "../reporting";
import { buildStackModel } from "../facts/stackModel";

interface SecurityGroupCountConfig extends UnverifiableConfig {
  maxSecurityGroups?: number;
}

export const eniSecurityGroupCount: StackValidationPolicy = {
  name: ruleNames.eniSecurityGroupCount,
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
    const max = config.maxSecurityGroups ?? defaultMaxSecurityGroupsPerEni;
    const model = buildStackModel(args.resources);
    const interfaces = [
      ...model.enis.map((eni) => ({
        urn: eni.resource.urn,
        label: `"${eni.resource.name}"`,
        count: eni.securityGroupCount,
      })),
      ...model.instances.flatMap((instance) =>
        instance.primaryAddresses
          ? [
              {
                urn: instance.resource.urn,
                label: `eth0 of instance "${instance.resource.name}"`,
                count: instance.primaryAddresses.securityGroupCount,
              },
            ]
          : [],
      ),
    ];
    for (const eni of interfaces) {
      if (!eni.count.known) {
        unverifiable(report, config, eni.urn, `the security groups of ${eni.label}`, eni.count.why);
        continue;
      }
      for (const message of groupRule(eni.label, eni.count.value, max)) report(message, eni.urn);
    }
  },
};
