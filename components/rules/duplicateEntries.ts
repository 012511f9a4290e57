import { ruleNames } from "./names";

/**
 * Empty entries and repeats in a list where AWS rejects them (a repeated CIDR in one security
 * group fails with `InvalidPermission.Duplicate` at apply time; an empty id fails the create).
 */
export function listEntryProblems(where: string, values: readonly string[]): string[] {
  const rule = ruleNames.noDuplicateEntries;
  const problems: string[] = [];
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (value.trim() === "") {
      problems.push(`${rule}: ${where}[${i}] is empty; remove it or give a value.`);
    } else if (seen.has(value)) {
      problems.push(`${rule}: ${where}[${i}] repeats "${value}"; AWS rejects a duplicate entry, remove it.`);
    }
    seen.add(value);
  });
  return problems;
}
