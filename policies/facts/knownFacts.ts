import * as policy from "@pulumi/policy";

/** A fact the pack needed: its value, or why it could not be established. */
export type Known<T> = { known: true; value: T } | { known: false; why: string };

export const known = <T>(value: T): Known<T> => ({ known: true, value });
export const unknown = <T>(why: string): Known<T> => ({ known: false, why });

// @pulumi/policy exports the class at runtime, but its proxy.d.ts is empty.
const UnknownValueError = (policy as unknown as { UnknownValueError: new (...args: never[]) => Error })
  .UnknownValueError;

/**
 * Reads a resource property that may be unknown during preview. The SDK's proxy throws when an
 * unknown value is touched; that becomes a `Known` with the reason instead of aborting the policy.
 */
export function read<T>(what: string, get: () => T): Known<T> {
  // Unknowns are common during preview; without a stack trace the proxy's error is cheap to build.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return known(get());
  } catch (err) {
    if (err instanceof UnknownValueError) {
      return unknown(`${what} is not known until the resource is created (${err.message})`);
    }
    throw err;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Reads a property that must be a number, treating absence as `fallback`. */
export function readNumber(what: string, get: () => unknown, fallback: number): Known<number> {
  const value = read(what, get);
  if (!value.known) return value;
  return known(typeof value.value === "number" ? value.value : fallback);
}

/** The length of an optional array property; unknown elements still have a known count. */
export function readLength(what: string, get: () => unknown): Known<number | undefined> {
  return read(what, () => {
    const value = get();
    return Array.isArray(value) ? value.length : undefined;
  });
}

/** Combines several facts; the first unknown one makes the result unknown. */
export function combine<T extends unknown[], R>(facts: { [K in keyof T]: Known<T[K]> }, f: (values: T) => R): Known<R> {
  const values: unknown[] = [];
  for (const fact of facts as Known<unknown>[]) {
    if (!fact.known) return fact;
    values.push(fact.value);
  }
  return known(f(values as T));
}
