import type { StackValidationPolicy } from "@pulumi/policy";
import { eniAddressesWithinInstanceTypeLimit as addressRule, ruleNames } from "dual-homed-server-rules";
import { instanceLimitsConfigSchema, type InstanceLimitsConfig } from "../config";
import { interfacesOfInstance } from "../facts/checkedInterfaces";
import { combine } from "../facts/knownFacts";
import { buildStackModel } from "../facts/stackModel";
import { packTags, policyDocsUrl, unlessApplicable } from "../metadata";
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
  // high: AWS refuses the launch or the attachment of an interface with more addresses than the
  // type allows (or with IPv6 on a type without it) at apply time, after part of the stack exists.
  severity: "high",
  remediationSteps:
    "Request fewer private IPv4 or IPv6 addresses on the interface (privateIpsCount, privateIps, privateIpLists, " +
    "secondaryPrivateIps, ipv6AddressCount, ipv6Addresses), or choose a larger instance type; request IPv6 " +
    "addresses only on an instance type that supports IPv6.",
  url: policyDocsUrl(rule),
  tags: [...packTags, "instance-type-limits", "ip-addresses"],
  configSchema: instanceLimitsConfigSchema,
  validateStack: (args, report) => {
    const to = { rule, report, config: args.getConfig<InstanceLimitsConfig>() };
    const model = buildStackModel(args.resources);
    unlessApplicable(args, model.instances.length, "the stack has no EC2 instance");
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
