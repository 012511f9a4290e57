import type { StackValidationPolicy } from "@pulumi/policy";
import { ruleNames } from "dual-homed-server-rules";
import { buildStackModel } from "../facts/stackModel";
import { packTags, policyDocsUrl, unlessApplicable } from "../metadata";

const rule = ruleNames.eniAttachedOnce;

/**
 * An interface is attached to one instance at a time, once: a second attachment (another
 * attachment resource, the interface's own `attachments` block, or an instance launched on it)
 * fails with `InvalidNetworkInterface.InUse` at apply time, after part of the stack exists.
 */
export const eniAttachedOnce: StackValidationPolicy = {
  name: rule,
  description:
    "Each network interface is attached once, to one instance, whichever way it is attached (a " +
    "NetworkInterfaceAttachment, the interface's attachments block, or an instance's primaryNetworkInterface or " +
    "networkInterfaces). AWS refuses a second attachment with InvalidNetworkInterface.InUse at apply time; keep one.",
  enforcementLevel: "mandatory",
  // high: the second attachment fails with InvalidNetworkInterface.InUse at apply time, after part
  // of the stack exists.
  severity: "high",
  remediationSteps:
    "Keep one attachment per network interface: remove the extra NetworkInterfaceAttachment, the interface's " +
    "attachments block, or the instance's primaryNetworkInterface/networkInterfaces entry that names the same " +
    "interface, so that it is attached once, to one instance.",
  url: policyDocsUrl(rule),
  tags: [...packTags, "attachment"],
  validateStack: (args, report) => {
    const model = buildStackModel(args.resources);
    unlessApplicable(args, model.enis.length, "the stack has no network interface");
    const uses = new Map<string, { via: string; instance: string }[]>();
    for (const instance of model.instances) {
      for (const attached of instance.enis) {
        if (!attached.eni.known) continue;
        const urn = attached.eni.value.resource.urn;
        uses.set(urn, [...(uses.get(urn) ?? []), { via: attached.via, instance: instance.label }]);
      }
    }
    for (const eni of model.enis) {
      const list = uses.get(eni.resource.urn) ?? [];
      if (list.length < 2) continue;
      const instances = new Set(list.map((u) => u.instance));
      const where = list.map((u) => `${u.via} (${u.instance})`).join("; ");
      report(
        `${rule}: ${eni.label} is attached ${list.length} times` +
          `${instances.size > 1 ? `, to ${instances.size} instances` : ", to the same instance"}: ${where}. AWS ` +
          `attaches an interface to one instance at a time, once (InvalidNetworkInterface.InUse); keep one attachment.`,
        eni.resource.urn,
      );
    }
  },
};
