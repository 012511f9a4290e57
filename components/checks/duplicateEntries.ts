import { ruleNames } from "dual-homed-server-rules";

/**
 * Empty entries and repeats in a list where AWS rejects them (a repeated CIDR in one security
 * group fails with `InvalidPermission.Duplicate` at apply time; an empty id fails the create).
 */
export function listEntryProblems(
  where: string,
  values: readonly string[],
  /** The form AWS compares entries in (e.g. a canonical CIDR); default: the value as written. */
  canonical: (value: string) => string = (value) => value,
): string[] {
  const rule = ruleNames.noDuplicateEntries;
  const problems: string[] = [];
  const seen = new Map<string, string>();
  values.forEach((value, i) => {
    if (value.trim() === "") {
      problems.push(`${rule}: ${where}[${i}] is empty; remove it or give a value.`);
      return;
    }
    const key = canonical(value);
    const earlier = seen.get(key);
    if (earlier === value) {
      problems.push(`${rule}: ${where}[${i}] repeats "${value}"; AWS rejects a duplicate entry, remove it.`);
    } else if (earlier !== undefined) {
      problems.push(
        `${rule}: ${where}[${i}] is "${value}", the same as "${earlier}" written another way (AWS reads both as ` +
          `"${key}"); AWS rejects a duplicate entry, remove one.`,
      );
    } else {
      seen.set(key, value);
    }
  });
  return problems;
}
