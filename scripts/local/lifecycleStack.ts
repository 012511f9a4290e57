// A stack of the repository's TypeScript program (or another project) kept across `pulumi up`, `preview`, `refresh`
// and `destroy` runs of the real engine (Automation API, local file backend), for the lifecycle
// tests and the playground. Where no real AWS provider is installed, the stand-in (TEST DOUBLE)
// creates the resources in the moto emulator.
import {
  LocalWorkspace,
  type ConfigMap,
  type EngineEvent,
  type OutputMap,
  type Stack,
} from "@pulumi/pulumi/automation";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { awsConfig, engineEnv, pulumiCommand, repoRoot } from "./engineHarness";

/** The `config:` section of a Pulumi stack settings file (`Pulumi.<stack>.yaml`), keys as written. */
export function stackSettingsFile(file: string): Record<string, unknown> {
  const parsed = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  return parsed?.config ?? {};
}

/**
 * Pulumi.dev.yaml's settings with `overrides` laid over them (full keys), as the engine takes them:
 * strings as they are, everything else as JSON. The `aws:` settings are left out: the harness points
 * the provider at moto.
 */
export function devStackConfig(overrides: Record<string, unknown>): ConfigMap {
  const settings = { ...stackSettingsFile(path.join(repoRoot, "Pulumi.dev.yaml")), ...overrides };
  const config: ConfigMap = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key.startsWith("aws:")) continue;
    config[key] = { value: typeof value === "string" ? value : JSON.stringify(value) };
  }
  return config;
}

/** The stack's own config key. */
export const stackKey = (key: string) => `dual-homed-server-stack:${key}`;

/** A step's start (`pre`) or finish (`done`) as the engine reported it. */
export interface StepEvent {
  phase: "pre" | "done";
  /** The resource's logical name. */
  name: string;
  type: string;
  /** `create`, `update`, `replace`, `create-replacement`, `delete-replaced`, `delete`, ... */
  op: string;
  /** The resource's id and state before the step, when it existed. */
  old?: { id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
}

/** What one engine run did to each resource, by logical name (only resources it touched). */
export interface RunSummary {
  /** Logical name → its steps, in the order they started. */
  ops: Record<string, string[]>;
  /** Logical name → resource type. */
  types: Record<string, string>;
  /** Every step's start and finish, in the order the engine reported them. */
  steps: StepEvent[];
  durationMs: number;
}

function summarize(events: EngineEvent[], started: number): RunSummary {
  const ops: Record<string, string[]> = {};
  const types: Record<string, string> = {};
  const steps: StepEvent[] = [];
  for (const event of events) {
    const meta = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
    if (!meta || meta.op === "same" || meta.op === "read" || meta.op === "refresh") continue;
    const name = meta.urn.split("::").pop()!;
    const old = meta.old && { id: meta.old.id, inputs: meta.old.inputs, outputs: meta.old.outputs };
    steps.push({ phase: event.resourcePreEvent ? "pre" : "done", name, type: meta.type, op: meta.op, old });
    // Each step is reported before (pre) and after (outputs); count it once, from the pre event.
    if (!event.resourcePreEvent) continue;
    (ops[name] ??= []).push(meta.op);
    types[name] = meta.type;
  }
  return { ops, types, steps, durationMs: Date.now() - started };
}

export class LifecycleStack {
  private constructor(
    readonly stack: Stack,
    private readonly scratch: string,
    private readonly settingsFile: string,
  ) {}

  /**
   * The stack `stackName` of the program in `workDir` (default: the repository's), created if new,
   * its state and Pulumi home in `stateDir` (default: a new temporary directory).
   */
  static async create(
    motoEndpoint: string,
    stackName: string,
    config: ConfigMap,
    stateDir?: string,
    workDir = repoRoot,
  ): Promise<LifecycleStack> {
    const scratch = stateDir ?? mkdtempSync(path.join(tmpdir(), "lifecycle-"));
    mkdirSync(path.join(scratch, "state"), { recursive: true });
    mkdirSync(path.join(scratch, "home"), { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir },
      { pulumiCommand: await pulumiCommand(), envVars: engineEnv(scratch, motoEndpoint) },
    );
    await stack.setAllConfig({ ...awsConfig(motoEndpoint), ...config });
    return new LifecycleStack(stack, scratch, path.join(workDir, `Pulumi.${stackName}.yaml`));
  }

  async setConfig(config: ConfigMap): Promise<void> {
    await this.stack.setAllConfig(config);
  }

  async removeConfig(keys: string[]): Promise<void> {
    await this.stack.removeAllConfig(keys);
  }

  up(): Promise<RunSummary> {
    return this.run((onEvent) => this.stack.up({ onEvent }));
  }

  preview(): Promise<RunSummary> {
    return this.run((onEvent) => this.stack.preview({ onEvent }));
  }

  refresh(): Promise<RunSummary> {
    return this.run((onEvent) => this.stack.refresh({ onEvent }));
  }

  destroy(): Promise<RunSummary> {
    return this.run((onEvent) => this.stack.destroy({ onEvent }));
  }

  /** Runs one engine operation, collecting its events. */
  private async run(operation: (onEvent: (event: EngineEvent) => void) => Promise<unknown>): Promise<RunSummary> {
    const events: EngineEvent[] = [];
    const started = Date.now();
    await operation((event) => events.push(event));
    return summarize(events, started);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const map: OutputMap = await this.stack.outputs();
    return Object.fromEntries(Object.entries(map).map(([key, output]) => [key, output.value]));
  }

  /** Removes the stack's settings file and state; the resources must be destroyed first. */
  dispose(): void {
    if (existsSync(this.settingsFile)) rmSync(this.settingsFile);
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
