// Interfaces attached after launch, by `NetworkInterfaceAttachment` resources or by an interface's
// own `attachments` blocks: each takes a device slot on its instance.
import type { PolicyResource } from "@pulumi/policy";
import { awsTypes } from "dual-homed-server-rules";
import type { AttachedEni, EniFact, InstanceFact, UnresolvedFact } from "./factTypes";
import type { EniResolver } from "./interfaceFacts";
import { known, read, readLength, readNumber, type Known } from "./knownFacts";
import { reference } from "./references";

/**
 * Records an interface attached after launch on its instance: the device slot it takes (from the
 * `deviceIndex` and `networkCardIndex` of `fields`) and the interface itself.
 */
function recordAttachment(
  instance: InstanceFact,
  kind: Extract<AttachedEni["kind"], "attachment" | "attachmentsBlock">,
  label: string,
  urn: string,
  fields: () => Record<string, unknown>,
  eni: Known<EniFact>,
): void {
  instance.slots.push({
    label,
    urn,
    deviceIndex: readNumber(`deviceIndex of ${label}`, () => fields().deviceIndex, 0),
    networkCardIndex: readNumber(`networkCardIndex of ${label}`, () => fields().networkCardIndex, 0),
    attachedAfterLaunch: true,
  });
  instance.enis.push({ kind, via: label, urn, eni });
}

/** Interfaces attached by their own `attachments` blocks, as surely as by an attachment resource. */
export function addAttachmentsBlocks(
  enis: EniFact[],
  instanceByUrn: Map<string, InstanceFact>,
  unresolvedAttachments: UnresolvedFact[],
): void {
  for (const eni of enis) {
    const label = eni.label;
    const blockCount = readLength(`attachments of ${label}`, () => eni.resource.props.attachments);
    if (!blockCount.known) {
      unresolvedAttachments.push({ urn: eni.resource.urn, why: blockCount.why });
      continue;
    }
    const count = blockCount.value ?? 0;
    const producers = (eni.resource.propertyDependencies.attachments ?? []).filter((r) => r.type === awsTypes.instance);
    for (let i = 0; i < count; i++) {
      const blockLabel = `${label} attachments[${i}]`;
      const block = () => (eni.resource.props.attachments as Record<string, unknown>[])[i];
      // The engine records dependencies per property, not per block: one block, one instance.
      const producer = count === 1 && producers.length === 1 ? producers[0] : undefined;
      const instance = producer && instanceByUrn.get(producer.urn);
      if (!instance) {
        const id = read(`attachments[${i}].instance of ${label}`, () => block().instance);
        const why = !id.known
          ? id.why
          : typeof id.value === "string" && id.value !== "" && producers.length === 0
            ? `it attaches to instance ${id.value}, which is not a resource of this stack`
            : `its instance cannot be told apart among the ${producers.length} instances the attachments depend on`;
        unresolvedAttachments.push({ urn: eni.resource.urn, why: `${blockLabel}: ${why}` });
        continue;
      }
      recordAttachment(instance, "attachmentsBlock", blockLabel, eni.resource.urn, block, known(eni));
    }
  }
}

/** Interfaces attached by `NetworkInterfaceAttachment` resources. */
export function addAttachmentResources(
  resources: PolicyResource[],
  instanceByUrn: Map<string, InstanceFact>,
  resolveEni: EniResolver,
  unresolvedAttachments: UnresolvedFact[],
): void {
  for (const attachment of resources.filter((r) => r.type === awsTypes.attachment)) {
    const label = `attachment "${attachment.name}"`;
    const ref = reference(attachment, "instanceId", awsTypes.instance, () => attachment.props.instanceId);
    const instance = ref.known && ref.value?.resource ? instanceByUrn.get(ref.value.resource.urn) : undefined;
    if (!instance) {
      const why = ref.known
        ? `it attaches to instance ${ref.value?.id ?? "(none)"}, which is not a resource of this stack`
        : ref.why;
      unresolvedAttachments.push({ urn: attachment.urn, why: `${label}: ${why}` });
      continue;
    }
    const eni = resolveEni(attachment, "networkInterfaceId", () => attachment.props.networkInterfaceId);
    recordAttachment(instance, "attachment", label, attachment.urn, () => attachment.props, eni);
  }
}
