// Runs `pulumi preview` (optionally with `--policy-pack ./policies`) with the real Pulumi engine,
// through the Automation API, on the repository's TypeScript stack, an example project or a Pulumi
// YAML program. Where no real Node.js language host and AWS provider are installed, the engine
// finds the TEST DOUBLES of tests/engine/bin/ on PATH instead (see docs/testing.md).
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type DiagnosticEvent,
  type EngineEvent,
  type PolicyEvent,
} from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { motoCredentials } from "./motoServer";
import { engineDoublesDir } from "./engineDoubles";
import { nodeCompileCacheDir } from "./nodeCompileCache";
import { removeSchemaCaches } from "./schemaCaches";

export { removeSchemaCaches };

export const repoRoot = path.join(__dirname, "..", "..");
/** Where the test doubles (stand-in language host and AWS provider) live. */
const doublesBin = path.join(repoRoot, "tests", "engine", "bin");
const policiesDir = path.join(repoRoot, "policies");

// Once every test of a serial run (one file or the whole tier) has finished: mocha's root-level
// hook. A parallel run's workers leave it to the run's global teardown (tests/engine/engineRun.ts),
// since another worker's engine may still be reading a cache.
if (typeof after === "function" && !process.env.MOCHA_WORKER_ID) after(removeSchemaCaches);

/** Where a command is on PATH, if it is. */
export function onPath(command: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The engine the tests drive: an installed Pulumi CLI with its real Node.js language host when both
 * are on PATH, else the CLI built from the Go module proxy with the stand-in language host.
 */
export const engine = (() => {
  const installedCli = onPath("pulumi");
  const installedNodejsHost = onPath("pulumi-language-nodejs");
  if (installedCli && installedNodejsHost && process.env.ENGINE_TESTS_LANGUAGE_HOST !== "stand-in") {
    return {
      kind: "installed" as const,
      description: `installed Pulumi CLI ${installedCli} and Node.js host ${installedNodejsHost}`,
    };
  }
  return {
    kind: "built" as const,
    description: "Pulumi CLI built from the Go module proxy, stand-in Node.js language host (TEST DOUBLE)",
  };
})();

/**
 * The stand-in AWS provider (TEST DOUBLE) unless ENGINE_TESTS_AWS_PROVIDER=real, which leaves the
 * real `pulumi-resource-aws` plugin to be found (installed with `pulumi plugin install`).
 */
const providerBin = process.env.ENGINE_TESTS_AWS_PROVIDER === "real" ? [] : [path.join(doublesBin, "provider")];
const languageHostBin = engine.kind === "built" ? [path.join(doublesBin, "language")] : [];

/** Directory holding bin/pulumi and the language hosts, built (or found cached) once per run. */
let engineRoot: string | undefined;
function pulumiEngineRoot(): string {
  if (!engineRoot) {
    const bin = execFileSync("bash", [path.join(repoRoot, "scripts", "build-pulumi-engine.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    engineRoot = path.dirname(bin);
  }
  return engineRoot;
}

let command: Promise<PulumiCommand> | undefined;
/** The CLI the Automation API drives, found once per process (finding it runs `pulumi version`). */
export function pulumiCommand(): Promise<PulumiCommand> {
  command ??=
    engine.kind === "installed"
      ? PulumiCommand.get({ skipVersionCheck: true })
      : PulumiCommand.get({ root: pulumiEngineRoot(), skipVersionCheck: true });
  return command;
}

/** The environment every engine command runs with: its own Pulumi home and file backend. */
export function engineEnv(scratch: string, motoEndpoint: string): Record<string, string> {
  const engineBin = engine.kind === "built" ? [path.join(pulumiEngineRoot(), "bin")] : [];
  return {
    ...motoCredentials,
    PATH: [...engineBin, ...languageHostBin, ...providerBin, process.env.PATH].join(":"),
    NODE_COMPILE_CACHE: nodeCompileCacheDir,
    // The doubles' wrappers start them compiled from this run's sources (a real plugin ignores it).
    ...(providerBin.length > 0 || languageHostBin.length > 0 ? { ENGINE_DOUBLES_DIR: engineDoublesDir() } : {}),
    PULUMI_HOME: path.join(scratch, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(scratch, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "engine-tests",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    STAND_IN_AWS_ENDPOINT: motoEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Stack config that points a real AWS provider at moto too; the stand-in ignores it. */
export function awsConfig(motoEndpoint: string): ConfigMap {
  return {
    "aws:region": { value: "us-east-1" },
    "aws:accessKey": { value: motoCredentials.AWS_ACCESS_KEY_ID },
    "aws:secretKey": { value: motoCredentials.AWS_SECRET_ACCESS_KEY, secret: true },
    "aws:skipCredentialsValidation": { value: "true" },
    "aws:skipRequestingAccountId": { value: "true" },
    "aws:skipMetadataApiCheck": { value: "true" },
    "aws:endpoints": { value: JSON.stringify([{ ec2: motoEndpoint, ssm: motoEndpoint, sts: motoEndpoint }]) },
  };
}

/** The engine's summary of one pack's stack policies (its event log's `policyAnalyzeStackSummaryEvent`). */
export interface StackPolicySummary {
  policyPackName: string;
  /** Stack policies that judged the stack and reported nothing. */
  passed?: string[];
  /** Stack policies that reported violations. A policy in neither list reported itself not applicable. */
  failed?: string[];
}

/** The engine's policy violation event, with the severity field newer CLIs send. */
export type PolicyViolation = PolicyEvent & { severity?: string };

export interface PreviewResult {
  succeeded: boolean;
  /** The Automation API's error (the CLI's output) when the preview failed. */
  error?: string;
  /** What the CLI printed (its progress display), whether the preview succeeded or not. */
  output: string;
  policyEvents: PolicyViolation[];
  stackPolicySummaries: StackPolicySummary[];
  /** Error-level diagnostics the engine reported (program errors, failed checks). */
  errors: DiagnosticEvent[];
  /** Resources the preview would create, by type token. */
  creates: Record<string, number>;
  durationMs: number;
}

interface PreviewOptions {
  motoEndpoint: string;
  /** Stack config besides the AWS settings, e.g. `{ "dual-homed-server-stack:subnetId": { value } }`. */
  config?: ConfigMap;
  policyConfig?: Record<string, unknown>;
  /** Preview with `--policy-pack ./policies` (default true). */
  withPack?: boolean;
  /** Another policy pack directory instead of `./policies` (benchmarks). */
  packDir?: string;
}

let stackCounter = 0;

/**
 * Previews the project in `workDir` on a throwaway stack. A stack settings file the Automation API
 * writes into `workDir` is removed afterwards, so the repository's own project can be previewed.
 */
export async function previewProject(workDir: string, options: PreviewOptions): Promise<PreviewResult> {
  const scratch = mkdtempSync(path.join(tmpdir(), "engine-"));
  const stackName = `enginetest${process.pid}x${stackCounter++}`;
  const settingsFile = path.join(workDir, `Pulumi.${stackName}.yaml`);
  try {
    mkdirSync(path.join(scratch, "state"));
    mkdirSync(path.join(scratch, "home"));
    const envVars = engineEnv(scratch, options.motoEndpoint);
    // A new name each time: created outright (no `stack select` that is bound to fail first).
    const stack = await LocalWorkspace.createStack(
      { stackName, workDir },
      { pulumiCommand: await pulumiCommand(), envVars },
    );
    await stack.setAllConfig({ ...awsConfig(options.motoEndpoint), ...options.config });
    let configFile: string | undefined;
    if (options.policyConfig) {
      configFile = path.join(scratch, "policy-config.json");
      writeFileSync(configFile, JSON.stringify(options.policyConfig));
    }
    const events: EngineEvent[] = [];
    const started = Date.now();
    let error: string | undefined;
    let output = "";
    try {
      ({ stdout: output } = await stack.preview({
        policyPacks: options.withPack === false ? undefined : [options.packDir ?? policiesDir],
        policyPackConfigs: configFile ? [configFile] : undefined,
        onEvent: (event) => events.push(event),
      }));
    } catch (err) {
      error = String(err);
      output = error;
    }
    const creates: Record<string, number> = {};
    for (const e of events) {
      const meta = e.resourcePreEvent?.metadata;
      if (meta?.op === "create") creates[meta.type] = (creates[meta.type] ?? 0) + 1;
    }
    return {
      succeeded: error === undefined,
      error,
      output,
      policyEvents: events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : [])),
      // Not in the Automation API's event types: the engine's JSON event, as the CLI writes it.
      stackPolicySummaries: events.flatMap((e) => {
        const summary = (e as { policyAnalyzeStackSummaryEvent?: StackPolicySummary }).policyAnalyzeStackSummaryEvent;
        return summary ? [summary] : [];
      }),
      errors: events.flatMap((e) => (e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent] : [])),
      creates,
      durationMs: Date.now() - started,
    };
  } finally {
    if (existsSync(settingsFile)) rmSync(settingsFile);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A Pulumi YAML program: its `resources:` and optional `variables:` sections. */
export interface YamlProgram {
  resources: Record<string, unknown>;
  variables?: Record<string, unknown>;
}

/** Previews a YAML program written to a temporary project. */
export async function previewWithPack(program: YamlProgram, options: PreviewOptions): Promise<PreviewResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "engine-yaml-"));
  try {
    const project = { name: "eni-engine-test", runtime: "yaml", ...program };
    writeFileSync(path.join(dir, "Pulumi.yaml"), JSON.stringify(project, null, 2));
    return await previewProject(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a `pulumi` command (e.g. `package add`) in `cwd` with the engine tests' environment. */
export function runPulumi(args: string[], cwd: string, motoEndpoint: string): string {
  const scratch = mkdtempSync(path.join(tmpdir(), "engine-cli-"));
  try {
    mkdirSync(path.join(scratch, "state"));
    mkdirSync(path.join(scratch, "home"));
    const env = { ...process.env, ...engineEnv(scratch, motoEndpoint) };
    // Bounded: the call is synchronous, so mocha's own timeout cannot stop a command that hangs.
    return execFileSync("pulumi", args, {
      cwd,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 240_000,
      killSignal: "SIGKILL",
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
