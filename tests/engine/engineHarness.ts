// Runs `pulumi preview --policy-pack ./policies` with the real Pulumi engine (built by
// scripts/build-pulumi-engine.sh) on a Pulumi YAML program, through the Automation API, with the
// stand-in AWS provider (TEST DOUBLE) answering for the `aws` package.
import { LocalWorkspace, PulumiCommand, type EngineEvent, type PolicyEvent } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { motoCredentials } from "../support/motoServer";

const repoRoot = path.join(__dirname, "..", "..");
export const policiesDir = path.join(repoRoot, "policies");
const standInBin = path.join(__dirname, "bin");

/** Directory holding bin/pulumi and the language hosts, built (or found cached) once per run. */
let engineRoot: string | undefined;
export function pulumiEngineRoot(): string {
  if (!engineRoot) {
    const bin = execFileSync("bash", [path.join(repoRoot, "scripts", "build-pulumi-engine.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    engineRoot = path.dirname(bin);
  }
  return engineRoot;
}

export interface PreviewResult {
  succeeded: boolean;
  error?: string;
  policyEvents: PolicyEvent[];
}

/** Previews a YAML program (its `resources:` section as an object) with the policy pack. */
export async function previewWithPack(
  resources: Record<string, unknown>,
  options: { motoEndpoint: string; policyConfig?: Record<string, unknown> },
): Promise<PreviewResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "engine-"));
  try {
    const workDir = path.join(dir, "program");
    const project = { name: "eni-engine-test", runtime: "yaml", resources };
    execFileSync("mkdir", ["-p", workDir, path.join(dir, "state"), path.join(dir, "home")]);
    writeFileSync(path.join(workDir, "Pulumi.yaml"), JSON.stringify(project, null, 2));
    const root = pulumiEngineRoot();
    const pulumiCommand = await PulumiCommand.get({ root, skipVersionCheck: true });
    const envVars: Record<string, string> = {
      ...motoCredentials,
      PATH: `${path.join(root, "bin")}:${standInBin}:${process.env.PATH}`,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-tests",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      STAND_IN_AWS_ENDPOINT: options.motoEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "test", workDir }, { pulumiCommand, envVars });
    let configFile: string | undefined;
    if (options.policyConfig) {
      configFile = path.join(dir, "policy-config.json");
      writeFileSync(configFile, JSON.stringify(options.policyConfig));
    }
    const events: EngineEvent[] = [];
    try {
      await stack.preview({
        policyPacks: [policiesDir],
        policyPackConfigs: configFile ? [configFile] : undefined,
        onEvent: (event) => events.push(event),
      });
      return { succeeded: true, policyEvents: events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : [])) };
    } catch (err) {
      return {
        succeeded: false,
        error: String(err),
        policyEvents: events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : [])),
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
