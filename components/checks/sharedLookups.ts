import * as pulumi from "@pulumi/pulumi";

/**
 * Read-only AWS lookups shared by the DualHomedServers of one program that use the same AWS
 * provider: twenty servers in one subnet read that subnet and their instance type once, not twenty
 * times each (every lookup is a provider call, and previews wait for them). Keyed by the engine
 * connection, so a new deployment (or a new mocked engine) never sees another's answers.
 */
const byConnection = new WeakMap<object, WeakMap<object, Map<string, Promise<unknown>>>>();
const defaultProvider = {};

export function sharedLookup<T>(
  component: pulumi.Resource,
  token: string,
  key: string,
  lookup: () => Promise<T>,
): Promise<T> {
  const connection = pulumi.runtime.getMonitor();
  if (!connection) return lookup();
  let byProvider = byConnection.get(connection);
  if (!byProvider) byConnection.set(connection, (byProvider = new WeakMap()));
  const provider = component.getProvider(token) ?? defaultProvider;
  let lookups = byProvider.get(provider);
  if (!lookups) byProvider.set(provider, (lookups = new Map<string, Promise<unknown>>()));
  const cacheKey = `${token} ${key}`;
  let result = lookups.get(cacheKey) as Promise<T> | undefined;
  if (!result) {
    result = lookup();
    // Each server reports a failure itself; the shared promise must not count as unhandled.
    result.catch(() => undefined);
    lookups.set(cacheKey, result);
  }
  return result;
}
