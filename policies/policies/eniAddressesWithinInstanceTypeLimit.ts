import type { StackValidationPolicy } from "@pulumi/policy";
import { eniAddressesWithinInstanceTypeLimit as addressRule, ruleNames } from "dual-homed-server-rules";
import { instanceLimitsConfigSchema, type InstanceLimitsConfig } from "../config";
import { interfacesOfInstance } from "../facts/checkedInterfaces";
import { combine } from "../facts/knownFacts";
import { buildStackModel } from "../facts/stackModel";
import { forEachInstanceWithLimits } from "../instancesWithLimits";
import { unverifiable } from "../reporting";

const rule = ruleNames.eniAddressesWithinInstanceTypeLimit;

export const eniAddressesWithinInstanceTypeLimit: StackValidationPolicy = {
  name: rule,
  description:
    "Private IPv4 addresses per interface (primary included; privateIpsCount, privateIps, " +
    "privateIpLists, secondaryPrivateIps) and IPv6 addresses per interface fit the instance type's limits, and " +
    "IPv6 is only requested on types that support it. Request fewer addresses or choose a larger type.",
  enforcementLevel: "mandatory",
  configSchema: instanceLimitsConfigSchema,
  validateStack: (args, report) => {
    const to = { rule, report, config: args.getConfig<InstanceLimitsConfig>() };
    const model = buildStackModel(args.resources);
    forEachInstanceWithLimits(model, to, "the addresses per interface", (instance, instanceType, limits) => {
      for (const eni of interfacesOfInstance(instance)) {
        const counts = combine([eni.ipv4Count, eni.ipv6Count], ([ipv4, ipv6]) => ({ ipv4, ipv6 }));
        if (!counts.known) {
          unverifiable(to, eni.urn, `the addresses of ${eni.label}`, counts.why);
          continue;
        }
        const request = { label: eni.label, ipv4Count: counts.value.ipv4, ipv6Count: counts.value.ipv6 };
        for (const message of addressRule(instanceType, limits, request)) report(message, eni.urn);
      }
    });
  },
};
