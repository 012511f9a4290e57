import type { StackValidationPolicy } from "@pulumi/policy";
import { eniSameAzAsInstance as sameAzRule, ruleNames } from "dual-homed-server-rules";
import { reportUnverifiableSchema, subnetLookupSchema, type SubnetZonesConfig } from "../config";
import { buildStackModel } from "../facts/stackModel";
import { packTags, policyDocsUrl, unlessApplicable } from "../metadata";
import { SubnetZones } from "../facts/subnetZones";
import { secondaryNetworksUnchecked, unverifiable } from "../reporting";

const rule = ruleNames.eniSameAzAsInstance;

export const eniSameAzAsInstance: StackValidationPolicy = {
  name: rule,
  description:
    "Every network interface attached to an instance (by NetworkInterfaceAttachment, networkInterfaces or " +
    "primaryNetworkInterface) is in a subnet of the instance's Availability Zone. AWS refuses a cross-zone " +
    "attachment only at apply time, after part of the stack exists; pick a subnet in the instance's zone.",
  enforcementLevel: "mandatory",
  // high: AWS refuses a cross-zone attachment (or never launches an instance whose interfaces span
  // zones) at apply time, after part of the stack exists; the fix is a different subnet.
  severity: "high",
  remediationSteps:
    "Put every network interface of the instance in a subnet of the instance's Availability Zone: choose such a " +
    "subnet for the interface, or move the instance (its availabilityZone or primary subnet) to the interfaces' " +
    "zone. Interfaces an instance is launched with must all be in subnets of one zone.",
  url: policyDocsUrl(rule),
  tags: [...packTags, "availability-zone"],
  configSchema: { properties: { reportUnverifiable: reportUnverifiableSchema, subnetLookup: subnetLookupSchema } },
  validateStack: async (args, report) => {
    const config = args.getConfig<SubnetZonesConfig>();
    const to = { rule, report, config };
    const model = buildStackModel(args.resources);
    unlessApplicable(
      args,
      model.instances.length + model.unresolvedAttachments.length,
      "the stack has no EC2 instance and no network interface attachment",
    );
    const zones = await SubnetZones.resolve(model, config.subnetLookup);
    for (const instance of model.instances) {
      secondaryNetworksUnchecked(to, instance, "the Availability Zones of the interfaces");
      const instanceZone = zones.instanceZone(instance);
      if (instanceZone.conflict) {
        // Whichever is at device index 0, the others cannot all be in its zone.
        const where = instanceZone.conflict.map((p) => `${p.label} in ${p.zone}`).join(", ");
        report(
          `${rule}: ${instance.label} is launched with network interfaces in different ` +
            `Availability Zones (${where}); AWS attaches an interface only to an instance in its own zone. Put them ` +
            `all in subnets of one zone.`,
          instance.resource.urn,
        );
        continue;
      }
      for (const attached of instance.enis) {
        const what = `the Availability Zone of the interface of ${attached.via}`;
        if (!attached.eni.known) {
          unverifiable(to, attached.urn, what, attached.eni.why);
          continue;
        }
        const eni = attached.eni.value;
        const eniZone = zones.zoneOf(eni.subnet);
        if (!instanceZone.known) {
          unverifiable(to, attached.urn, `the Availability Zone of ${instance.label}`, instanceZone.why);
        } else if (!eniZone.known) {
          unverifiable(to, attached.urn, what, eniZone.why);
        } else {
          const subnetId = eni.subnet.known ? eni.subnet.value.label : "?";
          const placement = { label: `"${eni.resource.name}"`, subnetId, availabilityZone: eniZone.value };
          for (const message of sameAzRule(`"${instance.resource.name}"`, instanceZone.value, [placement])) {
            report(message, attached.urn);
          }
        }
      }
    }
    for (const attachment of model.unresolvedAttachments) {
      unverifiable(to, attachment.urn, "the Availability Zones of an attachment", attachment.why);
    }
  },
};
