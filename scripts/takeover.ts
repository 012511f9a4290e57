// Moves a DualHomedServer's secondary interfaces to its standby through the EC2 API, without
// running the program, then records the move in the stack (as after the failover monitor's takeover).
import { EC2Client } from "@aws-sdk/client-ec2";
import { parseCommandLine } from "./commandLine";
import { interfacesNow, label, moveToStandby, onStandby } from "./takeover/moveInterfaces";
import { recordTakeover } from "./takeover/recordTakeover";
import { readServer, type ServerInState } from "./takeover/stackState";
import { TakeoverError } from "./takeover/takeoverError";
import { describeAwsFailure } from "./verify/ec2Topology";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const usage = `usage: npm run takeover -- [--stack NAME] [options]

Moves every secondary interface of the stack's DualHomedServer to its standby through the EC2 API,
without running the program: force-detach from the instance, wait until detached, attach to the
standby at the same device index and network card; the Elastic IPs stay on their interfaces. Then
records the move so that the stack and EC2 agree: standbyHoldsInterfaces true in the stack's config,
\`pulumi refresh\` of the attachments EC2 no longer has, \`pulumi import\` of the standby's
attachments under the same names, \`pulumi preview --expect-no-changes\`, \`pulumi up\` (which changes
nothing in AWS). After a takeover by the failover monitor it moves nothing and records it.
Fail back later with: pulumi config set standbyHoldsInterfaces false && pulumi up

  --stack NAME       the stack (default: the selected one)
  --server NAME      the DualHomedServer in the stack (default: the only one)
  --record-only      move nothing; record what EC2 shows (refused unless the standby holds every interface)
  --config-key KEY   the stack config key of standbyHoldsInterfaces (default standbyHoldsInterfaces)
  --region R         AWS region (default: AWS_REGION or the profile's)
  --endpoint URL     EC2 endpoint override (default: AWS_ENDPOINT_URL_EC2, else AWS's)
  --timeout-s N      how long to wait for the interfaces to detach, then to attach (default 120)
  --help             this text

Exit codes: 0 the standby holds every secondary interface and the stack agrees, 1 the move or the
recording did not finish (run it again; what is left is printed), 2 nothing was done (the command could not run).`;

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

function options() {
  const values = parseCommandLine(usage, {
    stack: { type: "string" },
    server: { type: "string" },
    "record-only": { type: "boolean", default: false },
    "config-key": { type: "string", default: "standbyHoldsInterfaces" },
    region: { type: "string" },
    endpoint: { type: "string" },
    "timeout-s": { type: "string", default: "120" },
  });
  const timeout = Number(values["timeout-s"]);
  if (!Number.isInteger(timeout) || timeout < 1) {
    throw new TakeoverError(`--timeout-s is ${JSON.stringify(values["timeout-s"])}; give a whole number, 1 or more`);
  }
  return { ...values, timeoutMs: timeout * 1000 };
}

/** Moves what is left to move (nothing with --record-only), then reads where EC2 holds each interface. */
async function move(ec2: EC2Client, server: ServerInState, opts: ReturnType<typeof options>) {
  const before = await interfacesNow(ec2, server);
  const away = server.secondaries.filter((eni) => !onStandby(server, before.get(eni.networkInterfaceId)));
  if (opts["record-only"] && away.length > 0) {
    throw new TakeoverError(
      `--record-only, but the standby does not hold ${away.map(label).join(", ")}; run without it to move them`,
    );
  }
  if (away.length === 0)
    log(`the standby ${server.standbyInstanceId} holds every secondary interface already; nothing to move`);
  else {
    const started = performance.now();
    await moveToStandby(ec2, server, { timeoutMs: opts.timeoutMs, log });
    log(`moved ${away.length} interface(s) to the standby in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
  return interfacesNow(ec2, server);
}

async function main(): Promise<number> {
  const opts = options();
  const server = await readServer(opts.stack, opts.server);
  const ec2 = new EC2Client({ endpoint: opts.endpoint, region: opts.region, maxAttempts: 2 });
  let now;
  try {
    now = await move(ec2, server, opts);
  } catch (err) {
    if (err instanceof TakeoverError) throw err;
    const failure = describeAwsFailure(err, opts.endpoint ?? process.env.AWS_ENDPOINT_URL_EC2);
    throw new TakeoverError(failure.message, 1);
  } finally {
    ec2.destroy();
  }
  await recordTakeover(server, now, { stack: opts.stack, server: server.name, configKey: opts["config-key"], log });
  log(`done: the standby ${server.standbyInstanceId} holds every secondary interface, and the stack says so`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    // TakeoverErrors are the user's to act on: one line, no stack trace.
    console.error(`takeover: ${err instanceof TakeoverError ? err.message : String(err)}`);
    process.exitCode = err instanceof TakeoverError ? err.exitCode : 1;
  },
);
