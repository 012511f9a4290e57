// Writes the instance-type table of dual-homed-server-rules (rules/data/instance-network-limits.json) from the EC2 API's DescribeInstanceTypes.
import { writeFileSync } from "node:fs";
import { instanceNetworkLimitsTablePath } from "dual-homed-server-rules";
import { parseCommandLine } from "./commandLine";
import { fetchInstanceNetworkLimits, serializeTable } from "./instanceNetworkLimits";

const defaultOut = instanceNetworkLimitsTablePath;
const usage = `usage: npm run limits:build -- [--regions R1,R2] [--endpoint URL] [--out FILE]

Regenerates the instance-type table the component and the policy pack read (network interfaces and addresses per interface,
network cards, IPv6 support) from DescribeInstanceTypes, merging the regions given, keys sorted.
Credentials come from the usual AWS settings (environment, profile).

  --regions R1,R2   regions to read (default: AWS_REGION, else us-east-1)
  --endpoint URL    EC2 endpoint override, e.g. a local emulator (default: AWS's)
  --out FILE        where to write (default: rules/data/instance-network-limits.json)
  --help            this text

Exit codes: 0 written, 1 the API failed or returned no types, 2 bad arguments.`;

async function main(): Promise<void> {
  const values = parseCommandLine(usage, {
    regions: { type: "string", default: process.env.AWS_REGION ?? "us-east-1" },
    endpoint: { type: "string" },
    out: { type: "string", default: defaultOut },
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
