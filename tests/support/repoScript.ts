import { execFile } from "node:child_process";

/** How a script run ended: its exit code and what it printed. */
export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the repository's TypeScript scripts as its `npm run` entry does (node with tsx), with
 * only HOME and `env` in its environment and never with the instance-metadata service.
 */
export function runRepoScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", script, ...args],
      { cwd, env: { HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: "true", ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
