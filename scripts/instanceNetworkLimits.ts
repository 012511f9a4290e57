import { EC2Client, paginateDescribeInstanceTypes } from "@aws-sdk/client-ec2";
import { limitsFromEc2NetworkInfo, type InstanceNetworkLimits } from "dual-homed-server-rules";

/** Instance type → network limits, keys sorted so the file is reproducible. */
export type InstanceNetworkLimitsTable = Record<string, InstanceNetworkLimits>;

/**
 * Reads every instance type of every region through `DescribeInstanceTypes` (paginated) and
 * returns the table. A type whose limits differ between regions is an error: the table can hold
 * only one answer per type.
 */
export async function fetchInstanceNetworkLimits(
  regions: string[],
  endpoint?: string,
): Promise<InstanceNetworkLimitsTable> {
  const table = new Map<string, InstanceNetworkLimits>();
  for (const region of regions) {
    const client = new EC2Client({ region, endpoint, maxAttempts: 3 });
    try {
      for await (const page of paginateDescribeInstanceTypes({ client, pageSize: 100 }, {})) {
        for (const type of page.InstanceTypes ?? []) {
          if (!type.InstanceType || !type.NetworkInfo) continue;
          const limits = limitsFromEc2NetworkInfo(type.NetworkInfo);
          const known = table.get(type.InstanceType);
          if (known && JSON.stringify(known) !== JSON.stringify(limits)) {
            throw new Error(`${type.InstanceType} has different network limits in ${region} than in an earlier region`);
          }
          table.set(type.InstanceType, limits);
        }
      }
    } finally {
      client.destroy();
    }
  }
  return Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The table as committed: two-space JSON with a final newline. */
export function serializeTable(table: InstanceNetworkLimitsTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
