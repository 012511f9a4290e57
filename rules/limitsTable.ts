import { readFileSync } from "node:fs";
import type { InstanceNetworkLimits } from "./limits";

/**
 * Where the instance-type table lives: written by `npm run limits:build` from the EC2 API's
 * `DescribeInstanceTypes`, shipped in this package and exported as
 * `dual-homed-server-rules/instance-network-limits.json`. The one place that spells the path.
 */
export const instanceNetworkLimitsTablePath = require.resolve("dual-homed-server-rules/instance-network-limits.json");

let table: Record<string, InstanceNetworkLimits> | undefined;

/** The committed instance-type table (instance type → network limits), read once. */
export function instanceNetworkLimitsTable(): Record<string, InstanceNetworkLimits> {
  table ??= JSON.parse(readFileSync(instanceNetworkLimitsTablePath, "utf8")) as Record<string, InstanceNetworkLimits>;
  return table;
}
