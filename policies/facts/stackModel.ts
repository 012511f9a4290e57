// Builds the pack's view of a stack (see factTypes.ts) from the resources the analyzer passes to a
// stack policy, one resource kind at a time.
import type { PolicyResource } from "@pulumi/policy";
import { awsTypes } from "dual-homed-server-rules";
import { addAttachmentResources, addAttachmentsBlocks } from "./attachmentFacts";
import { eipBindingFacts } from "./elasticIpFacts";
import type { StackModel, UnresolvedFact } from "./factTypes";
import { instanceFacts } from "./instanceFacts";
import { eniFact, eniResolver } from "./interfaceFacts";

/** Builds the pack's view of a stack from the resources the analyzer passes to a stack policy. */
export function buildStackModel(resources: PolicyResource[]): StackModel {
  // 1. Interfaces, and how a reference to one resolves.
  const enis = resources.filter((r) => r.type === awsTypes.networkInterface).map(eniFact);
  const eniByUrn = new Map(enis.map((e) => [e.resource.urn, e]));
  const resolveEni = eniResolver(eniByUrn);
  // 2. Instances, with what each takes at launch.
  const instances = instanceFacts(resources, eniByUrn, resolveEni);
  const instanceByUrn = new Map(instances.map((i) => [i.resource.urn, i]));
  // 3. Interfaces attached after launch: by their own attachments blocks, then by attachment resources.
  const unresolvedAttachments: UnresolvedFact[] = [];
  addAttachmentsBlocks(enis, instanceByUrn, unresolvedAttachments);
  addAttachmentResources(resources, instanceByUrn, resolveEni, unresolvedAttachments);
  // 4. What each Elastic IP and association binds to.
  const eipBindings = eipBindingFacts(resources, instanceByUrn, eniByUrn);
  return { instances, enis, eipBindings, unresolvedAttachments };
}
