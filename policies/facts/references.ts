// Following a resource's reference properties (`subnetId`, `instanceId`…) to what they name.
import type { PolicyResource } from "@pulumi/policy";
import { awsTypes } from "dual-homed-server-rules";
import type { SubnetRef } from "./factTypes";
import { known, read, unknown, type Known } from "./knownFacts";

/** `<Type> "<name>"`, for messages about a resource of any kind. */
export const describe = (resource: PolicyResource) => `${resource.type.split(":").pop()} "${resource.name}"`;

/**
 * Follows a reference property to the resource it names. The engine records the producing
 * resource in `propertyDependencies` even while the value itself is unknown, so this works during
 * the first preview; a literal id with no dependency is something outside the stack.
 */
export function reference(
  resource: PolicyResource,
  prop: string,
  type: string,
  value: () => unknown,
): Known<{ resource?: PolicyResource; id?: string } | undefined> {
  const producers = (resource.propertyDependencies[prop] ?? []).filter((r) => r.type === type);
  if (producers.length === 1) return known({ resource: producers[0] });
  const raw = read(`${prop} of ${describe(resource)}`, value);
  if (!raw.known) return raw;
  if (typeof raw.value === "string" && raw.value !== "") return known({ id: raw.value });
  if (producers.length > 1) {
    return unknown(`${prop} of ${describe(resource)} depends on ${producers.length} ${type} resources`);
  }
  return known(undefined);
}

/** The subnet a `subnetId`-like property names; `undefined` when it names none. */
export function subnetRef(resource: PolicyResource, prop: string, value: () => unknown): Known<SubnetRef> | undefined {
  const ref = reference(resource, prop, awsTypes.subnet, value);
  if (!ref.known) return ref;
  if (!ref.value) return undefined;
  return known({
    label: ref.value.resource ? `"${ref.value.resource.name}"` : String(ref.value.id),
    resource: ref.value.resource,
    id: ref.value.id,
  });
}
