import type { StackValidationPolicy } from "@pulumi/policy";
import { eniCountWithinInstanceTypeLimit as countRule, ruleNames, type InterfaceSlot } from "dual-homed-server-rules";
import { instanceLimitsConfigSchema, type InstanceLimitsConfig } from "../config";
import { unverifiable } from "../reporting";
import { forEachInstanceWithLimits } from "../facts/instancesWithLimits";
import { buildStackModel } from "../facts/stackModel";

export const eniCountWithinInstanceTypeLimit: StackValidationPolicy = {
  name: ruleNames.eniCountWithinInstanceTypeLimit,
  description:
    "The network interfaces of each instance (primary included, at launch and by attachment) fit its instance " +
    "type's maximum, in total and per network card; device indexes are unique per card and no attachment " +
    "takes index 0. Remove interfaces or choose a larger instance type.",
  enforcementLevel: "mandatory",
  configSchema: instanceLimitsConfigSchema,
  validateStack: (args, report) => {
    const config = args.getConfig<InstanceLimitsConfig>();
    const model = buildStackModel(args.resources);
    forEachInstanceWithLimits(model, config, report, "the interface count", (instance, instanceType, limits) => {
      const slots: InterfaceSlot[] = instance.slots.map((slot) => {
        for (const fact of [slot.deviceIndex, slot.networkCardIndex]) {
          if (!fact.known) unverifiable(report, config, slot.urn, `the device slot of ${slot.label}`, fact.why);
        }
        return {
          label: slot.label,
          deviceIndex: slot.deviceIndex.known ? slot.deviceIndex.value : undefined,
          networkCardIndex: slot.networkCardIndex.known ? slot.networkCardIndex.value : 0,
          attachedAfterLaunch: slot.attachedAfterLaunch,
        };
      });
      for (const message of countRule(`"${instance.resource.name}"`, instanceType, limits, slots)) {
        report(message, instance.resource.urn);
      }
    });
    for (const attachment of model.unresolvedAttachments) {
      unverifiable(report, config, attachment.urn, "the interface count of an attachment's instance", attachment.why);
    }
  },
};
