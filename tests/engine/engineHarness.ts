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
const analyzerLauncherBin = path.join(__dirname, "bin", "analyzer");
/**
 * The stand-in AWS provider (TEST DOUBLE) unless ENGINE_TESTS_AWS_PROVIDER=real, which leaves the
 * real `pulumi-resource-aws` plugin to be found (installed with `pulumi plugin install`).
 */
const providerBin = process.env.ENGINE_TESTS_AWS_PROVIDER === "real" ? [] : [path.join(__dirname, "bin", "provider")];

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

/** A Pulumi YAML program: its `resources:` and optional `variables:` sections. */
export interface YamlProgram {
  resources: Record<string, unknown>;
  variables?: Record<string, unknown>;
}

/** Previews a YAML program with the policy pack (or, with `withPack: false`, without it). */
export async function previewWithPack(
  program: YamlProgram,
  options: { motoEndpoint: string; policyConfig?: Record<string, unknown>; withPack?: boolean },
): Promise<PreviewResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "engine-"));
  try {
    const workDir = path.join(dir, "program");
    const project = { name: "eni-engine-test", runtime: "yaml", ...program };
    execFileSync("mkdir", ["-p", workDir, path.join(dir, "state"), path.join(dir, "home")]);
    writeFileSync(path.join(workDir, "Pulumi.yaml"), JSON.stringify(project, null, 2));
    const root = pulumiEngineRoot();
    const pulumiCommand = await PulumiCommand.get({ root, skipVersionCheck: true });
    const envVars: Record<string, string> = {
      ...motoCredentials,
      PATH: [path.join(root, "bin"), ...providerBin, analyzerLauncherBin, process.env.PATH].join(":"),
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-tests",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      STAND_IN_AWS_ENDPOINT: options.motoEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "test", workDir }, { pulumiCommand, envVars });
    // Points a real AWS provider at moto too; the stand-in ignores these.
    await stack.setAllConfig({
      "aws:region": { value: "us-east-1" },
      "aws:accessKey": { value: motoCredentials.AWS_ACCESS_KEY_ID },
      "aws:secretKey": { value: motoCredentials.AWS_SECRET_ACCESS_KEY, secret: true },
      "aws:skipCredentialsValidation": { value: "true" },
      "aws:skipRequestingAccountId": { value: "true" },
      "aws:skipMetadataApiCheck": { value: "true" },
      "aws:endpoints": {
        value: JSON.stringify([{ ec2: options.motoEndpoint, ssm: options.motoEndpoint, sts: options.motoEndpoint }]),
      },
    });
    let configFile: string | undefined;
    if (options.policyConfig) {
      configFile = path.join(dir, "policy-config.json");
      writeFileSync(configFile, JSON.stringify(options.policyConfig));
    }
    const events: EngineEvent[] = [];
    try {
      await stack.preview({
        policyPacks: options.withPack === false ? undefined : [policiesDir],
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
