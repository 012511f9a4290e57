// TEST DOUBLE (part of the stand-in AWS provider): which inputs of a resource changed, as the AWS
// provider diffs its state against the program's inputs: set-typed properties compare without
// order, object-typed ones field by field, and an input left out keeps, defaults or clears its
// value by the kind the schema gives it (inputKinds.ts).
import { inputNames, keptWhenAbsent, valueWhenAbsent } from "./inputKinds";
import { unknownValue } from "./plannedState";
import { replacementsFor } from "./replacementRules";

type Props = Record<string, unknown>;

/** Properties the provider's schema types as sets. */
const setProperties = new Set(["privateIps", "securityGroups", "ipv6Addresses", "vpcSecurityGroupIds"]);

/** Object-typed inputs compared field by field. */
const objectProperties = new Set(["rootBlockDevice", "metadataOptions", "primaryNetworkInterface"]);

const containsUnknown = (value: unknown): boolean => JSON.stringify(value ?? null).includes(unknownValue);

/** Null, an empty string, list or map: what the provider stores for an attribute not set. */
const isEmpty = (value: unknown) =>
  value == null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

function comparable(key: string, value: unknown): string {
  if (isEmpty(value)) return "null";
  return setProperties.has(key) && Array.isArray(value)
    ? JSON.stringify([...(value as unknown[])].map(String).sort())
    : JSON.stringify(value);
}

/** Whether the input at `path` differs from the state: `news` undefined means left out of the program. */
function differs(type: string, path: string, old: unknown, news: unknown): boolean {
  const key = path.split(".").pop()!;
  const absent = valueWhenAbsent(type, path);
  // A state without the attribute holds its default.
  const was = old === undefined ? absent : old;
  if (news === undefined) return !keptWhenAbsent(type, path) && comparable(key, was) !== comparable(key, absent);
  // An empty string for an Optional and Computed string with a value is "unset", not a change (the
  // plugin SDK's schema.finalizeDiff): an instance keeps its placement group when given "".
  if (news === "" && keptWhenAbsent(type, path) && !isEmpty(was)) return false;
  return containsUnknown(news) || comparable(key, news) !== comparable(key, was);
}

/** The inputs (paths; `parent.field` for fields of object inputs) whose new value differs from the state. */
export function changedInputs(type: string, olds: Props, news: Props): string[] {
  const keys = [...new Set([...inputNames(type), ...Object.keys(news)])];
  return keys.flatMap((key) => {
    const value = news[key];
    if (objectProperties.has(key) && value != null && !containsUnknown(value)) {
      const old = (olds[key] ?? {}) as Props;
      const fields = Object.keys({ ...old, ...(value as Props) });
      return fields
        .filter((field) => differs(type, `${key}.${field}`, old[field], (value as Props)[field]))
        .map((field) => `${key}.${field}`);
    }
    return differs(type, key, olds[key], value) ? [key] : [];
  });
}

/** The provider's answer to Diff: whether anything changes, and which top-level inputs force a replacement. */
export function diffOf(type: string, olds: Props, news: Props): { changes: boolean; replaces: string[] } {
  const changed = changedInputs(type, olds, news);
  const replaces = replacementsFor(type, changed, news, olds).map((path) => path.split(".")[0]);
  return { changes: changed.length > 0, replaces: [...new Set(replaces)] };
}
