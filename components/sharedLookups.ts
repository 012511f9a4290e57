import * as pulumi from "@pulumi/pulumi";

/**
 * Read-only AWS lookups shared by the DualHomedServers of one program that use the same AWS
 * provider: twenty servers in one subnet read that subnet and their instance type once, not twenty
 * times each (every lookup is a provider call, and previews wait for them). Keyed by the engine
 * connection, so a new deployment (or a new mocked engine) never sees another's answers.
 */
const byConnection = new WeakMap<object, WeakMap<object, Map<string, pulumi.Output<unknown>>>>();
const defaultProvider = {};

export function sharedLookup<T>(
  component: pulumi.Resource,
  token: string,
  key: pulumi.Input<string>,
  lookup: () => pulumi.Output<T>,
): pulumi.Output<T> {
  const connection = pulumi.runtime.getMonitor();
  // Only plain values can be keyed; an Output's value is not known yet.
  if (!connection || typeof key !== "string") return lookup();
  let byProvider = byConnection.get(connection);
  if (!byProvider) byConnection.set(connection, (byProvider = new WeakMap()));
  const provider = component.getProvider(token) ?? defaultProvider;
  let lookups = byProvider.get(provider);
  if (!lookups) byProvider.set(provider, (lookups = new Map<string, pulumi.Output<unknown>>()));
  const cacheKey = `${token} ${key}`;
  let result = lookups.get(cacheKey) as pulumi.Output<T> | undefined;
  if (!result) lookups.set(cacheKey, (result = lookup()));
  return result;
}
