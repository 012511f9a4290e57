// Writes policies/data/instance-network-limits.json from the EC2 API's DescribeInstanceTypes.
//   npm run limits:build -- [--regions us-east-1,eu-west-1] [--endpoint URL] [--out FILE]
// Credentials and the default region come from the usual AWS settings (environment, profile).
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { fetchInstanceNetworkLimits, serializeTable } from "./instanceNetworkLimits";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      regions: { type: "string", default: process.env.AWS_REGION ?? "us-east-1" },
      endpoint: { type: "string" },
      out: { type: "string", default: path.join(__dirname, "..", "policies", "data", "instance-network-limits.json") },
    },
  });
  const regions = values.regions
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const table = await fetchInstanceNetworkLimits(regions, values.endpoint);
  const count = Object.keys(table).length;
  if (count === 0) throw new Error(`DescribeInstanceTypes returned no instance types in ${regions.join(", ")}`);
  writeFileSync(values.out, serializeTable(table));
  console.log(`wrote ${count} instance types from ${regions.join(", ")} to ${values.out}`);
}

main().catch((err: unknown) => {
  console.error(`build-instance-network-limits: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
