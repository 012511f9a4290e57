// Takes a server built by hand under the stack's management: reads it through the EC2 API and
// writes the stack's config so that the next `pulumi up` imports every resource instead of
// creating it.
import { EC2Client } from "@aws-sdk/client-ec2";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { adoptionPlan } from "./adopt/adoptionPlan";
import { discoverServer } from "./adopt/discover";
import { parseCommandLine } from "./commandLine";
import { describeAwsFailure } from "./verify/ec2Topology";
import { VerifyError } from "./verify/verifyError";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** The project name, which prefixes the stack's config keys (Pulumi.yaml's `name`). */
const project = "dual-homed-server-stack";

const usage = `usage: npm run adopt -- --instance i-… --stack NAME [options]

Reads the instance and everything around it through the EC2 API and writes Pulumi.<NAME>.yaml so
that the next \`pulumi up\` imports the server instead of creating one. Nothing is written when
anything cannot be expressed; each such thing is one line on stderr.

  --instance ID     the instance to adopt (required)
  --stack NAME      the stack whose settings file to write (required)
  --dir DIR         the project directory (default: the current directory)
  --region R        AWS region (default: AWS_REGION / the profile's)
  --endpoint URL    EC2 endpoint (default: AWS's; e.g. a local emulator)
  --help            this text

Exit codes: 0 written, 1 refused (nothing written), 2 usage or AWS error`;

function writeStackConfig(file: string, config: Record<string, unknown>, region: string | undefined): void {
  const existing = existsSync(file)
    ? ((parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> }) ?? {})
    : {};
  const settings: Record<string, unknown> = { ...(existing.config ?? {}) };
  if (region) settings["aws:region"] = region;
  for (const [key, value] of Object.entries(config)) settings[`${project}:${key}`] = value;
  writeFileSync(file, stringify({ ...existing, config: settings }));
}

async function main(): Promise<number> {
  const values = parseCommandLine(usage, {
    instance: { type: "string" },
    stack: { type: "string" },
    dir: { type: "string", default: "." },
    region: { type: "string" },
    endpoint: { type: "string" },
  });
  if (!values.instance || !values.stack) throw new VerifyError("give --instance and --stack (see --help)");
  const client = new EC2Client({ endpoint: values.endpoint, region: values.region, maxAttempts: 2 });
  let found;
  try {
    found = await discoverServer(client, values.instance);
  } catch (err) {
    throw err instanceof VerifyError ? err : describeAwsFailure(err, values.endpoint);
  } finally {
    client.destroy();
  }
  const plan = adoptionPlan(found);
  for (const note of plan.notes) console.log(`note: ${note}`);
  if (plan.refusals.length > 0) {
    for (const refusal of plan.refusals) console.error(`adopt: ${refusal}`);
    console.error(`adopt: nothing written; fix the ${plan.refusals.length} item(s) above and run it again.`);
    return 1;
  }
  const file = path.join(values.dir, `Pulumi.${values.stack}.yaml`);
  writeStackConfig(file, plan.config, values.region);
  const ids = Object.keys((plan.config.adopt as { importIds: Record<string, string> }).importIds).length;
  console.log(`wrote ${file}: ${ids} resources to import on the next \`pulumi up --stack ${values.stack}\``);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`adopt: ${err instanceof VerifyError ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
