// TEST DOUBLE: stands in for the Pulumi analyzer. It builds the `PolicyResource` objects a stack
// policy receives, the way @pulumi/policy's analyzer server does (props behind the SDK's own
// unknown-checking proxy, dependencies and property dependencies resolved to resource objects),
// and runs one policy with a config. The real analyzer runs in the engine tests.
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { RegisteredResource } from "./mockedAwsEngine";

// Internal module of @pulumi/policy (its .d.ts is empty): the proxy and the unknown sentinels.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T extends object>(o: T): T;
  UnknownValueError: new (...args: never[]) => Error;
  unknownStringValue: string;
  unknownNumberValue: string;
  unknownBooleanValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
};

/** Values as the analyzer presents outputs that are not known during preview. */
export const unknownValue = {
  string: proxy.unknownStringValue,
  number: proxy.unknownNumberValue,
  boolean: proxy.unknownBooleanValue,
  array: proxy.unknownArrayValue,
  object: proxy.unknownObjectValue,
};

export interface StackResourceSpec {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Names of resources this one depends on (added to `dependencies`). */
  dependsOn?: string[];
  /** Input property → names of the resources it was computed from. */
  propertyDependencies?: Record<string, string[]>;
  /** Name of the parent resource. */
  parent?: string;
  /** Inputs of the resource's AWS provider (the default provider's come from `aws:*` stack config). */
  providerProps?: Record<string, unknown>;
}

export interface Violation {
  policy: string;
  message: string;
  /** Name of the resource the violation was reported on. */
  resource?: string;
}

const urnOf = (spec: { type: string; name: string }) =>
  `urn:pulumi:test::dual-homed-server-stack::${spec.type}::${spec.name}`;

/** Builds the stack the analyzer would pass to a stack policy. */
export function policyResources(specs: StackResourceSpec[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  const resources = specs.map((spec) => {
    const props = proxy.unknownCheckingProxy(structuredClone(spec.props));
    const resource = {
      type: spec.type,
      name: spec.name,
      urn: urnOf(spec),
      props,
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      provider: spec.providerProps && {
        type: "pulumi:providers:aws",
        name: "default_7_48_0",
        urn: "urn:pulumi:test::dual-homed-server-stack::pulumi:providers:aws::default_7_48_0",
        props: spec.providerProps,
      },
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byName.set(spec.name, resource);
    return resource;
  });
  const lookup = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`test stack names unknown resource ${name}`);
    return found;
  };
  specs.forEach((spec, i) => {
    const resource = resources[i];
    const propertyDependencies = spec.propertyDependencies ?? {};
    for (const [prop, names] of Object.entries(propertyDependencies))
      resource.propertyDependencies[prop] = names.map(lookup);
    const all = new Set([...(spec.dependsOn ?? []), ...Object.values(propertyDependencies).flat()]);
    resource.dependencies = [...all].map(lookup);
    if (spec.parent) resource.parent = lookup(spec.parent);
  });
  return resources;
}

/** Thrown by `notApplicable`, as the analyzer's own does, ending the policy's run. */
class NotApplicable extends Error {
  constructor(readonly reason: string | undefined) {
    super(`not applicable: ${reason}`);
  }
}

/** What one policy's run over a stack came to: its violations, or that it does not apply. */
export interface StackPolicyOutcome {
  violations: Violation[];
  /** Set when the policy called `notApplicable` (the reason it gave, or "" for none). */
  notApplicable?: string;
}

/**
 * Runs one stack policy over a stack; an UnknownValueError escaping the policy fails the test.
 * A policy that calls `notApplicable` has no violations; `evaluateStackPolicy` says so.
 */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  specs: StackResourceSpec[],
  config: Record<string, unknown> = {},
): Promise<Violation[]> {
  return (await evaluateStackPolicy(policy, specs, config)).violations;
}

/**
 * Runs one stack policy over a stack as the analyzer does: violations reported before a
 * `notApplicable` call are kept (the analyzer sends both), and the reason is returned.
 */
export async function evaluateStackPolicy(
  policy: StackValidationPolicy,
  specs: StackResourceSpec[],
  config: Record<string, unknown> = {},
): Promise<StackPolicyOutcome> {
  const resources = policyResources(specs);
  const nameOf = new Map(resources.map((r) => [r.urn, r.name]));
  const violations: Violation[] = [];
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => typeof schema === "object" && schema.default !== undefined)
      .map(([key, schema]) => [key, (schema as { default: unknown }).default]),
  );
  try {
    await policy.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({ ...defaults, ...config }) as T,
        notApplicable: (reason?: string) => {
          throw new NotApplicable(reason);
        },
      },
      (message: string, urn?: string) =>
        violations.push({ policy: policy.name, message, resource: urn ? nameOf.get(urn) : undefined }),
    );
  } catch (err) {
    if (err instanceof NotApplicable) return { violations, notApplicable: err.reason ?? "" };
    throw err;
  }
  return { violations };
}

/**
 * Turns resources captured under the mocked engine into an analyzer stack. Inputs keep the engine's
 * unknown marker where a first preview left them unknown; the analyzer presents that same marker.
 */
export function stackFromRegistrations(registered: RegisteredResource[]): StackResourceSpec[] {
  const nameByUrn = new Map(registered.map((r) => [r.urn, r.name]));
  const names = (urns: string[]) => urns.map((u) => nameByUrn.get(u)).filter((n): n is string => n !== undefined);
  return registered.map((r) => ({
    type: r.type,
    name: r.name,
    props: r.inputs,
    dependsOn: names(r.dependencies),
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([k, urns]) => [k, names(urns)]),
    ),
    parent: nameByUrn.get(r.parent),
  }));
}
