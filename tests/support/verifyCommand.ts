import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { motoCredentials } from "../../scripts/local/motoServer";
import { runRepoScript, type ScriptRun } from "./repoScript";

/** The script `npm run verify` runs. */
export const verifyScript = path.join(__dirname, "..", "..", "scripts", "verify.ts");

export type VerifyRun = ScriptRun;

/**
 * Runs `npm run verify`'s script as a user would, with only PATH, HOME and `env` in its
 * environment, and never with the instance-metadata service.
 */
export function runVerify(args: string[], env: Record<string, string | undefined> = {}): Promise<VerifyRun> {
  return runRepoScript(verifyScript, args, { PATH: process.env.PATH, ...env });
}

/**
 * Runs verify, probing off, on a stack's outputs (written to a scratch file, removed afterwards)
 * against the moto server at `endpoint`; `out` is what it printed, stdout then stderr.
 */
export async function verifyStackOutputs(
  outputs: Record<string, unknown>,
  endpoint: string,
): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "verify-outputs-"));
  try {
    const file = path.join(dir, "outputs.json");
    writeFileSync(file, JSON.stringify(outputs));
    const run = await runVerify(["--outputs", file, "--endpoint", endpoint, "--skip-probe"], motoCredentials);
    return { code: run.code, out: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
