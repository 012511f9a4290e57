// Elastic IPs and Elastic IP associations: what each binds to, and the private address it names.
import type { PolicyResource } from "@pulumi/policy";
import { awsTypes } from "dual-homed-server-rules";
import type { EipBindingFact, EipTarget, EniFact, InstanceFact } from "./factTypes";
import { read } from "./knownFacts";
import { reference } from "./references";

/** The properties naming an instance, an interface and a private address, per binding resource type. */
const bindingProps: Record<string, [instance: string, eni: string, privateIp: string]> = {
  [awsTypes.eip]: ["instance", "networkInterface", "associateWithPrivateIp"],
  [awsTypes.eipAssociation]: ["instanceId", "networkInterfaceId", "privateIpAddress"],
};

/** What one reference property of a binding names: an instance or interface of the stack, if any. */
function bindingTarget(
  resource: PolicyResource,
  prop: string,
  kind: "instance" | "interface",
  instanceByUrn: Map<string, InstanceFact>,
  eniByUrn: Map<string, EniFact>,
): EipTarget {
  const type = kind === "instance" ? awsTypes.instance : awsTypes.networkInterface;
  const ref = reference(resource, prop, type, () => resource.props[prop]);
  if (!ref.known) return { kind: "unresolved", why: ref.why };
  if (!ref.value) return { kind: "none" };
  const urn = ref.value.resource?.urn ?? "";
  const instance = instanceByUrn.get(urn);
  const eni = eniByUrn.get(urn);
  if (kind === "instance" && instance) return { kind, instance };
  if (kind === "interface" && eni) return { kind, eni };
  return { kind: "unresolved", why: `${ref.value.id ?? "the target"} is not a resource of this stack` };
}

/** What each Elastic IP and association binds to. */
export function eipBindingFacts(
  resources: PolicyResource[],
  instanceByUrn: Map<string, InstanceFact>,
  eniByUrn: Map<string, EniFact>,
): EipBindingFact[] {
  return resources
    .filter((r) => bindingProps[r.type])
    .map((resource): EipBindingFact => {
      const [instanceProp, eniProp, privateIpProp] = bindingProps[resource.type];
      const label = `${resource.type === awsTypes.eip ? "Elastic IP" : "Elastic IP association"} "${resource.name}"`;
      const privateIp = read(`${privateIpProp} of ${label}`, () => resource.props[privateIpProp] as unknown);
      const byInstance = bindingTarget(resource, instanceProp, "instance", instanceByUrn, eniByUrn);
      const byInterface = bindingTarget(resource, eniProp, "interface", instanceByUrn, eniByUrn);
      return {
        resource,
        label,
        target:
          byInstance.kind !== "none" && byInterface.kind !== "none"
            ? { kind: "both" }
            : byInstance.kind !== "none"
              ? byInstance
              : byInterface,
        privateIpNamed: !privateIp.known || (typeof privateIp.value === "string" && privateIp.value !== ""),
        privateIp,
        privateIpFrom: resource.propertyDependencies[privateIpProp] ?? [],
      };
    });
}
