// A local playground with no AWS account: moto, a VPC, `pulumi up` of the repository's stack,
// `verify`, the outputs; `--destroy` (or Ctrl-C while it runs) tears everything down.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { engine, onPath } from "./local/engineHarness";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { devStackConfig, LifecycleStack, stackKey, stackSettingsFile } from "./local/lifecycleStack";
import { motoCredentials, motoServerScript, startMotoServer } from "./local/motoServer";
import { createTeamSecurityGroup, createVpcWithSubnets } from "./local/motoTopology";
import { parseCommandLine } from "./commandLine";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** In a --config file, stands for the id of the group the playground creates as a team's own. */
const teamGroupToken = "<team-security-group-id>";

const usage = `usage: npm run playground [-- --config FILE | --destroy]

Runs the stack with no AWS account: starts the moto emulator on a loopback port, creates a VPC with
an internet gateway and subnets in two zones, runs \`pulumi up\` of this repository's stack into it
(local file backend, stack "playground"), checks it with verify (probing off: moto's addresses do
not answer) and prints the outputs. The emulator keeps running in the background until torn down.
With a stock Pulumi install the real AWS provider is pointed at moto; otherwise the repository's
stand-in provider and language host (test doubles) run in their place.

  --config FILE  a stack settings file (as Pulumi.<stack>.yaml) whose settings are laid over
                 Pulumi.dev.yaml's, e.g. examples/stack-config/instance-options.yaml; the value
                 ${teamGroupToken} stands for the id of a security group the playground creates
                 in the VPC beforehand, as one a team already has
  --destroy      destroy the playground's stack, stop the emulator and remove .playground/
  --help         this text

Exit codes: 0 done, 1 a step failed (its error is printed), 2 bad arguments or a missing prerequisite.`;

const root = path.join(__dirname, "..");
const sessionDir = path.join(root, ".playground");
const sessionFile = path.join(sessionDir, "session.json");
const stackName = "playground";

interface Session {
  endpoint: string;
  motoPid: number;
}

function step(message: string): void {
  process.stderr.write(`==> ${message}\n`);
}

/** What is wrong with the moto the playground's emulator runs on (python3's), if anything. */
function motoProblem(): string | undefined {
  try {
    execFileSync("python3", [motoServerScript, "--check"], { stdio: ["ignore", "ignore", "pipe"] });
    return undefined;
  } catch (err) {
    const said = String((err as { stderr?: Buffer }).stderr ?? "").trim();
    return /^moto \S+ is installed/.test(said)
      ? said
      : `moto is not installed for python3: python3 -m pip install "moto[server]==5.2.1"`;
  }
}

/** One line per missing prerequisite, saying how to install it. */
function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const moto = motoProblem();
  if (moto) missing.push(moto);
  if (engine.kind === "built" && !onPath("pulumi") && !onPath("go")) {
    missing.push("the Pulumi CLI is not installed: curl -fsSL https://get.pulumi.com | sh (or install Go to build it)");
  }
  return missing;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the emulator: SIGTERM, then SIGKILL if it has not gone within 5 s. */
async function stopMoto(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; waited < 5000 && alive(pid); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

async function destroy(): Promise<void> {
  if (!existsSync(sessionFile)) {
    step("no playground is running (.playground/ is absent); nothing to tear down");
    return;
  }
  const session = JSON.parse(readFileSync(sessionFile, "utf8")) as Session;
  try {
    step(`destroying the playground stack in moto at ${session.endpoint}`);
    const stack = await LifecycleStack.create(session.endpoint, stackName, {}, path.join(sessionDir, "pulumi"));
    try {
      const run = await stack.destroy();
      step(`destroyed in ${(run.durationMs / 1000).toFixed(1)} s`);
    } catch (err) {
      // Termination protection refuses the destroy, as on AWS; the emulator's resources go with it
      // all the same. Any other failure is the playground's own and fails the teardown.
      if (!/because it is protected/.test((err as Error).message)) throw err;
      process.stderr.write(`${(err as Error).message}\n`);
      step("pulumi destroy was refused: termination protection is on; stopping moto removes the server anyway");
    } finally {
      stack.dispose();
    }
  } finally {
    // Whatever destroy managed, moto holds its resources in memory only: stopping it leaves nothing.
    step(`stopping moto (pid ${session.motoPid})`);
    await stopMoto(session.motoPid);
    rmSync(sessionDir, { recursive: true, force: true });
  }
}

/** Set by Ctrl-C: the current step stops (the Pulumi CLI gets the signal too), then all is torn down. */
let interrupted = false;

class Interrupted extends Error {}

function checkpoint(): void {
  if (interrupted) throw new Interrupted("interrupted");
}

/** `npm run verify` against the emulator, probing off (moto's addresses do not answer). */
function verifyThroughEc2(outputsFile: string, endpoint: string): void {
  step("verify (through the EC2 API; probing off)");
  const verify = [
    "--conditions=source",
    "--import",
    "tsx",
    path.join(root, "scripts", "verify.ts"),
    "--outputs",
    outputsFile,
    "--endpoint",
    endpoint,
    "--skip-probe",
  ];
  execFileSync(process.execPath, verify, { stdio: "inherit", env: { ...process.env, ...motoCredentials } });
}

/** The stack's outputs, one per line, values aligned after the longest key. */
function outputsTable(outputs: Record<string, unknown>): string {
  const width = Math.max(0, ...Object.keys(outputs).map((key) => key.length)) + 2;
  return Object.entries(outputs)
    .map(([key, value]) => `${key.padEnd(width)}${JSON.stringify(value)}\n`)
    .join("");
}

/**
 * The stack's config: Pulumi.dev.yaml, the --config file's settings over it, the playground's subnet;
 * the team group's token replaced with the group's id.
 */
function playgroundConfig(overlay: Record<string, unknown>, subnetId: string, teamGroupId: string): ConfigMap {
  const config = devStackConfig({ ...overlay, [stackKey("subnetId")]: subnetId });
  for (const entry of Object.values(config)) entry.value = entry.value.replaceAll(teamGroupToken, teamGroupId);
  return config;
}

/** A stack config of the stack's own settings, as `Pulumi.<stack>.yaml` holds them; undefined and a
 * message when it is not one. */
function readStackConfig(file: string): { settings?: Record<string, unknown>; problem?: string } {
  if (!existsSync(file)) return { problem: `--config ${file}: no such file` };
  let settings: Record<string, unknown>;
  try {
    settings = stackSettingsFile(file);
  } catch (err) {
    return { problem: `--config ${file}: not YAML: ${(err as Error).message.split("\n")[0]}` };
  }
  const keys = Object.keys(settings);
  if (keys.length === 0) return { problem: `--config ${file}: no settings under \`config:\`` };
  const foreign = keys.filter((key) => !key.startsWith(stackKey("")));
  if (foreign.length > 0) {
    return {
      problem:
        `--config ${file}: the playground takes the stack's own settings (${stackKey("…")}) only, ` +
        `not ${foreign.join(", ")} (it points the AWS provider at the emulator itself)`,
    };
  }
  const secrets = keys.filter(
    (key) => typeof settings[key] === "object" && settings[key] !== null && "secure" in settings[key],
  );
  if (secrets.length > 0) {
    return {
      problem: `--config ${file}: ${secrets.join(", ")}: encrypted values belong to their own stack; write them in plain text here`,
    };
  }
  return { settings };
}

async function up(overlay: Record<string, unknown>, configFile: string | undefined): Promise<number> {
  if (existsSync(sessionFile)) {
    throw new Error("a playground is already running: `npm run playground -- --destroy` tears it down first");
  }
  // A settings file left by a playground torn down by hand would lay its settings under this run's.
  rmSync(path.join(root, `Pulumi.${stackName}.yaml`), { force: true });
  step(`engine: ${engine.description}`);
  step("starting moto on a loopback port");
  // Detached: in its own process group, so Ctrl-C stops the steps but not the emulator they need.
  // With AWS's managed policies loaded, as every account has them (instanceRole.sessionManager attaches one).
  const moto = await startMotoServer({ detached: true, env: { MOTO_IAM_LOAD_MANAGED_POLICIES: "true" } });
  mkdirSync(sessionDir, { recursive: true });
  writeFileSync(sessionFile, JSON.stringify({ endpoint: moto.endpoint, motoPid: moto.pid } satisfies Session));
  // Every SIGINT, not just the first: the Pulumi CLI signals its plugins' process group (this one)
  // as it cancels, and a second signal must not kill the teardown.
  process.on("SIGINT", () => {
    if (!interrupted) step("interrupted: tearing down once the current step stops");
    interrupted = true;
  });
  try {
    step("creating a VPC with an internet gateway and subnets in us-east-1a and us-east-1b");
    const vpc = await createVpcWithSubnets(moto.endpoint);
    const teamGroupId = await createTeamSecurityGroup(moto.endpoint, vpc.vpcId);
    checkpoint();
    const settings = configFile
      ? `Pulumi.dev.yaml's settings with ${configFile}'s over them`
      : "Pulumi.dev.yaml's settings";
    step(`pulumi up of the stack "${stackName}" (${settings}, subnet ${vpc.subnets.a1})`);
    const stack = await LifecycleStack.create(
      moto.endpoint,
      stackName,
      playgroundConfig(overlay, vpc.subnets.a1, teamGroupId),
      path.join(sessionDir, "pulumi"),
    );
    const run = await stack.up();
    checkpoint();
    step(`created ${Object.keys(run.ops).length} resources in ${(run.durationMs / 1000).toFixed(1)} s`);

    const outputsFile = path.join(sessionDir, "outputs.json");
    const outputs = await stack.outputs();
    writeFileSync(outputsFile, JSON.stringify(outputs, null, 2));
    verifyThroughEc2(outputsFile, moto.endpoint);
    checkpoint();
    step("outputs");
    process.stdout.write(outputsTable(outputs));
    step(`outputs saved to ${path.relative(root, outputsFile)}; tear down with: npm run playground -- --destroy`);
    return 0;
  } catch (err) {
    // A step's command that the same Ctrl-C killed can report its death before this process's own
    // SIGINT handler has run: the signal named in the error counts as the interruption.
    if (/killed with SIGINT/.test(String(err))) interrupted = true;
    if (!interrupted) {
      throw new Error(
        `${(err as Error).message}\n(the emulator still runs: npm run playground -- --destroy tears it down)`,
        { cause: err },
      );
    }
    await destroy();
    return 130;
  }
}

async function main(): Promise<number> {
  const values = parseCommandLine(usage, { destroy: { type: "boolean" }, config: { type: "string" } });
  if (values.destroy && values.config !== undefined) {
    process.stderr.write("playground: --config applies to a new playground, not to --destroy\n");
    return 2;
  }
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    for (const line of missing) process.stderr.write(`playground: ${line}\n`);
    return 2;
  }
  if (values.destroy) {
    await destroy();
    return 0;
  }
  let overlay: Record<string, unknown> = {};
  if (values.config !== undefined) {
    const read = readStackConfig(values.config);
    if (read.problem) {
      process.stderr.write(`playground: ${read.problem}\n`);
      return 2;
    }
    overlay = read.settings!;
  }
  return up(overlay, values.config);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`playground: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
