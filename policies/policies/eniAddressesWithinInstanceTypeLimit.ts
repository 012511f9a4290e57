import type { StackValidationPolicy } from "@pulumi/policy";
import { eniAddressesWithinInstanceTypeLimit as addressRule, ruleNames } from "dual-homed-server-rules";
import { instanceLimitsConfigSchema, type InstanceLimitsConfig } from "../config";
import { unverifiable } from "../reporting";
import { forEachInstanceWithLimits } from "../facts/instancesWithLimits";
import { combine } from "../facts/knownFacts";
import { buildStackModel } from "../facts/stackModel";

export const eniAddressesWithinInstanceTypeLimit: StackValidationPolicy = {
  name: ruleNames.eniAddressesWithinInstanceTypeLimit,
  description:
    "Private IPv4 addresses per interface (primary address included; privateIpsCount, privateIps, " +
    "privateIpLists, secondaryPrivateIps) and IPv6 addresses per interface fit the instance type's limits, and " +
    "IPv6 is only requested on types that support it. Request fewer addresses or choose a larger type.",
  enforcementLevel: "mandatory",
  configSchema: instanceLimitsConfigSchema,
  validateStack: (args, report) => {
    const config = args.getConfig<InstanceLimitsConfig>();
    const model = buildStackModel(args.resources);
    forEachInstanceWithLimits(
      model,
      config,
      report,
      "the addresses per interface",
      (instance, instanceType, limits) => {
        const interfaces = instance.enis.map((attached) => ({
          urn: attached.eni.known ? attached.eni.value.resource.urn : attached.urn,
          label: attached.eni.known ? `"${attached.eni.value.resource.name}"` : attached.via,
          counts: attached.eni.known
            ? combine([attached.eni.value.ipv4Count, attached.eni.value.ipv6Count], ([ipv4, ipv6]) => ({ ipv4, ipv6 }))
            : attached.eni,
        }));
        if (instance.primaryAddresses) {
          const { ipv4Count, ipv6Count } = instance.primaryAddresses;
          interfaces.push({
            urn: instance.resource.urn,
            label: `eth0 of instance "${instance.resource.name}"`,
            counts: combine([ipv4Count, ipv6Count], ([ipv4, ipv6]) => ({ ipv4, ipv6 })),
          });
        }
        for (const eni of interfaces) {
          if (!eni.counts.known) {
            unverifiable(report, config, eni.urn, `the addresses of ${eni.label}`, eni.counts.why);
            continue;
          }
          const request = { label: eni.label, ipv4Count: eni.counts.value.ipv4, ipv6Count: eni.counts.value.ipv6 };
          for (const message of addressRule(instanceType, limits, request)) report(message, eni.urn);
        }
      },
    );
  },
};
