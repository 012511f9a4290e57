// Checks a deployed DualHomedServer through the EC2 API and by probing every public address.
import { EC2Client } from "@aws-sdk/client-ec2";
import { parseCommandLine } from "./commandLine";
import { compare, expectedHttp, expectedHttpIpv6, holderDisagreement, type ProbeOutcomes } from "./verify/compare";
import { describeAwsFailure, observeTopology, type ObservedTopology } from "./verify/ec2Topology";
import { probe } from "./verify/probe";
import { formatJson, formatTable } from "./verify/report";
import { expectedInterfaces, readOutputsFile, readStackOutputs, type ServerOutputs } from "./verify/stackOutputs";
import { VerifyError } from "./verify/verifyError";

// Errors are one line on stderr; the SDK's notice about the Node.js versions of its future
// releases would break that (the pinned SDK supports this Node.js). Set it to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A whole-number option, at least `least` (a timeout of 0 would fail every probe; 0 retries is fine). */
function wholeNumberOption(name: string, value: string, least: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < least)
    throw new VerifyError(`--${name} is ${JSON.stringify(value)}; give a whole number, ${least} or more`);
  return n;
}

async function probeAll(
  outputs: ServerOutputs,
  options: { timeoutMs: number; retries: number; backoffMs: number },
): Promise<ProbeOutcomes> {
  // An address open only to some networks may answer or not from here; probe it as if open.
  const interfaces = expectedInterfaces(outputs).map((e) => e.info);
  const targets = interfaces.flatMap((eni) => [
    ...eni.publicIps.map((ip) => ({ ip, url: `http://${ip}/`, expectPage: expectedHttp(eni) !== "blocked" })),
    ...eni.ipv6Addresses.map((ip) => ({ ip, url: `http://[${ip}]/`, expectPage: expectedHttpIpv6(eni) !== "blocked" })),
  ]);
  const results = await Promise.all(
    targets.map(({ url, expectPage }) =>
      probe(url, { ...options, expectPage, onProgress: (line) => process.stderr.write(`probe ${line}\n`) }),
    ),
  );
  return new Map(results.map((r, i) => [targets[i].ip, r.outcome]));
}

/** The lines under the table: instance profiles, and what to run when the stack and EC2 disagree on a holder. */
function printSummary(outputs: ServerOutputs, topology: ObservedTopology, stack: string | undefined): void {
  const standbyProfile = outputs.standbyInstanceProfileName ?? outputs.instanceProfileName;
  if (outputs.instanceProfileName && (!outputs.standbyInstanceId || standbyProfile === outputs.instanceProfileName)) {
    const same = topology.instanceProfiles.every((found) => found === outputs.instanceProfileName);
    console.log(`instance profile ${outputs.instanceProfileName}: ${same ? "on every instance" : "see the FAIL rows"}`);
  } else if (outputs.standbyInstanceId && (outputs.instanceProfileName || standbyProfile)) {
    const [own, standby] = topology.instanceProfiles;
    const ok = own === (outputs.instanceProfileName ?? "") && standby === (standbyProfile ?? "");
    console.log(
      `instance profiles ${outputs.instanceProfileName || "none"} and, on the standby, ${standbyProfile || "none"}: ${ok ? "as the stack says" : "see the FAIL rows"}`,
    );
  }
  const moved = holderDisagreement(outputs, topology);
  if (!moved) return;
  const command = `npm run takeover -- --stack ${stack ?? "<stack>"}`;
  console.log(
    moved.heldBy === "the standby"
      ? `the stack and EC2 disagree: EC2 shows the standby holding ${moved.interfaces.join(", ")}, which the stack gives the instance (a takeover not recorded); record it with: ${command}`
      : `the stack and EC2 disagree: EC2 shows the instance holding ${moved.interfaces.join(", ")}, which the stack gives the standby; move them where the stack says with: ${command}`,
  );
}

const usage = `usage: npm run verify -- [--stack NAME | --outputs FILE] [options]

Checks a deployed DualHomedServer: through the EC2 API (interfaces, device indexes, zones, security
groups, private addresses, Elastic IP associations), then by probing every public address over HTTP:
the page where port 80 is open to anyone, a refused or dropped connection where it is closed, and
either where it is open only to some networks (this machine may be outside them).

  --stack NAME       stack whose outputs to read with \`pulumi stack output --json\` (default: the selected one)
  --outputs FILE     read the outputs from a file written by \`pulumi stack output --json\` instead
  --json             print the rows as JSON instead of a table
  --region R         AWS region (default: AWS_REGION or the profile's)
  --endpoint URL     EC2 endpoint override (default: AWS_ENDPOINT_URL_EC2, else AWS's)
  --skip-probe       check through the EC2 API only
  --timeout-ms N     per-try HTTP timeout (default 5000)
  --retries N        tries after the first while the instance boots (default 10)
  --backoff-ms N     first wait between tries, doubled each time (default 2000)
  --help             this text

Exit codes: 0 every row OK, 1 a mismatch (the reason is under its row), 2 the check could not run.`;

async function main(): Promise<number> {
  const values = parseCommandLine(usage, {
    stack: { type: "string" },
    outputs: { type: "string" },
    json: { type: "boolean", default: false },
    endpoint: { type: "string" },
    region: { type: "string" },
    "skip-probe": { type: "boolean", default: false },
    "timeout-ms": { type: "string", default: "5000" },
    retries: { type: "string", default: "10" },
    "backoff-ms": { type: "string", default: "2000" },
  });
  if (values.stack && values.outputs) throw new VerifyError("give --stack or --outputs, not both");
  // Checked before anything is read, so a bad option is reported first.
  const probeOptions = {
    timeoutMs: wholeNumberOption("timeout-ms", values["timeout-ms"], 1),
    retries: wholeNumberOption("retries", values.retries, 0),
    backoffMs: wholeNumberOption("backoff-ms", values["backoff-ms"], 0),
  };
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
  const probes = values["skip-probe"] ? undefined : await probeAll(outputs, probeOptions);
  const rows = compare(outputs, topology, probes);
  console.log(values.json ? formatJson(rows) : formatTable(rows));
  if (!values.json) printSummary(outputs, topology, values.stack);
  return rows.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    // VerifyErrors are the user's to fix: one line, no stack trace.
    const message = err instanceof VerifyError ? err.message : String(err);
    console.error(`verify: ${message}`);
    process.exitCode = 2;
  },
);
