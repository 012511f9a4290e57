// `npm run verify -- [--stack NAME | --outputs FILE] [--json] [--endpoint URL] [--region R]
//                   [--skip-probe] [--timeout-ms N] [--retries N] [--backoff-ms N]`
// Checks a deployed DualHomedServer through the EC2 API and by probing every public address.
// Exit status: 0 everything as configured, 1 a mismatch, 2 the check could not run.
import { EC2Client } from "@aws-sdk/client-ec2";
import { parseArgs } from "node:util";
import { compare, type ProbeOutcomes } from "./verify/compare";
import { describeAwsFailure, observeTopology } from "./verify/ec2Topology";
import { probe } from "./verify/probe";
import { formatJson, formatTable } from "./verify/report";
import { readOutputsFile, readStackOutputs, type ServerOutputs } from "./verify/stackOutputs";
import { VerifyError } from "./verify/verifyError";

// Errors are one line on stderr; the SDK's notice about the Node.js versions of its future
// releases would break that (the pinned SDK supports this Node.js). Set it to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new VerifyError(`--${name} is ${JSON.stringify(value)}; give a whole number`);
  return n;
}

async function probeAll(
  outputs: ServerOutputs,
  options: { timeoutMs: number; retries: number; backoffMs: number },
): Promise<ProbeOutcomes> {
  const targets = outputs.interfaces.flatMap((eni) => eni.publicIps.map((ip) => ({ ip, expectPage: eni.allowsHttp })));
  const results = await Promise.all(
    targets.map(({ ip, expectPage }) =>
      probe(`http://${ip}/`, { ...options, expectPage, onProgress: (line) => process.stderr.write(`probe ${line}\n`) }),
    ),
  );
  return new Map(results.map((r, i) => [targets[i].ip, r.outcome]));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      outputs: { type: "string" },
      json: { type: "boolean", default: false },
      endpoint: { type: "string" },
      region: { type: "string" },
      "skip-probe": { type: "boolean", default: false },
      "timeout-ms": { type: "string", default: "5000" },
      retries: { type: "string", default: "10" },
      "backoff-ms": { type: "string", default: "2000" },
    },
  });
  if (values.stack && values.outputs) throw new VerifyError("give --stack or --outputs, not both");
  const outputs = values.outputs ? await readOutputsFile(values.outputs) : await readStackOutputs(values.stack);
  const client = new EC2Client({ endpoint: values.endpoint, region: values.region, maxAttempts: 2 });
  let topology;
  try {
    topology = await observeTopology(client, outputs);
  } catch (err) {
    throw err instanceof VerifyError
      ? err
      : describeAwsFailure(err, values.endpoint ?? process.env.AWS_ENDPOINT_URL_EC2);
  } finally {
    client.destroy();
  }
  const probes = values["skip-probe"]
    ? undefined
    : await probeAll(outputs, {
        timeoutMs: positiveInteger("timeout-ms", values["timeout-ms"]),
        retries: positiveInteger("retries", values.retries),
        backoffMs: positiveInteger("backoff-ms", values["backoff-ms"]),
      });
  const rows = compare(outputs, topology, probes);
  console.log(values.json ? formatJson(rows) : formatTable(rows));
  return rows.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    // Bad flags (node's parseArgs) and VerifyErrors are the user's to fix: one line, no stack trace.
    const code = (err as { code?: string }).code ?? "";
    const message =
      err instanceof VerifyError || code.startsWith("ERR_PARSE_ARGS") ? (err as Error).message : String(err);
    console.error(`verify: ${message}`);
    process.exitCode = 2;
  },
);
