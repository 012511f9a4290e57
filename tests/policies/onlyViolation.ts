import * as assert from "node:assert/strict";
import type { Violation } from "../support/policyHarness";

/** The one violation a policy reported; fails, listing them all, when it reported none or several. */
export function onlyViolation(violations: Violation[]): Violation {
  assert.equal(violations.length, 1, `expected exactly one violation, got ${JSON.stringify(violations, null, 2)}`);
  return violations[0];
}
