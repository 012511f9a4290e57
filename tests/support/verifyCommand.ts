import { execFile } from "node:child_process";
import * as path from "node:path";

/** The script `npm run verify` runs. */
export const verifyScript = path.join(__dirname, "..", "..", "scripts", "verify.ts");

export interface VerifyRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run verify`'s script as a user would, with only PATH, HOME and `env` in its
 * environment, and never with the instance-metadata service.
 */
export function runVerify(args: string[], env: Record<string, string | undefined> = {}): Promise<VerifyRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", verifyScript, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: "true", ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
