import type { StackValidationPolicy } from "@pulumi/policy";
import { eniCountWithinInstanceTypeLimit as countRule, ruleNames, type InterfaceSlot } from "dual-homed-server-rules";
import { instanceLimitsConfigSchema, type InstanceLimitsConfig } from "../config";
import { buildStackModel } from "../facts/stackModel";
import { packTags, policyDocsUrl, unlessApplicable } from "../metadata";
import { forEachInstanceWithLimits } from "../instancesWithLimits";
import { unverifiable } from "../reporting";

const rule = ruleNames.eniCountWithinInstanceTypeLimit;

export const eniCountWithinInstanceTypeLimit: StackValidationPolicy = {
  name: rule,
  description:
    "The network interfaces of each instance (primary included, at launch and by attachment) fit its instance " +
    "type's maximum, in total and per network card; device indexes are unique per card and no attachment " +
    "takes index 0. Remove interfaces or choose a larger instance type.",
  enforcementLevel: "mandatory",
  // high: AWS refuses the attachment beyond the type's maximum (or at a taken device index) at
  // apply time, after the instance and its other interfaces exist.
  severity: "high",
  remediationSteps:
    "Remove network interfaces from the instance or choose a larger instance type (one whose maximum, per network " +
    "card too, covers the primary interface and every attachment); give each attachment its own device index on " +
    "its network card, from 1 up (index 0 is the primary interface's).",
  url: policyDocsUrl(rule),
  tags: [...packTags, "instance-type-limits"],
  configSchema: instanceLimitsConfigSchema,
  validateStack: (args, report) => {
    const to = { rule, report, config: args.getConfig<InstanceLimitsConfig>() };
    const model = buildStackModel(args.resources);
    unlessApplicable(
      args,
      model.instances.length + model.unresolvedAttachments.length,
      "the stack has no EC2 instance and no network interface attachment",
    );
    forEachInstanceWithLimits(model, to, "the interface count", (instance, instanceType, limits) => {
      const slots: InterfaceSlot[] = instance.slots.map((slot) => {
        for (const fact of [slot.deviceIndex, slot.networkCardIndex]) {
          if (!fact.known) unverifiable(to, slot.urn, `the device slot of ${slot.label}`, fact.why);
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
      unverifiable(to, attachment.urn, "the interface count of an attachment's instance", attachment.why);
    }
  },
};
