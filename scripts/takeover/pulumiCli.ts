import { execFile } from "node:child_process";
import { TakeoverError } from "./takeoverError";

/** The output of one `pulumi` command. */
export interface CliRun {
  stdout: string;
  stderr: string;
}

/**
 * Runs `pulumi <args>` (with `--stack` when given) and resolves with its output; a failure is one
 * line naming the command and the CLI's last line of error, with `exitCode` as given.
 */
export function pulumi(args: string[], stack: string | undefined, exitCode: 1 | 2): Promise<CliRun> {
  const full = [...args, ...(stack ? ["--stack", stack] : []), "--non-interactive"];
  return new Promise((resolve, reject) => {
    execFile("pulumi", full, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          new TakeoverError("the pulumi CLI is not on PATH; install it (https://www.pulumi.com/docs/install/)"),
        );
      }
      if (err) {
        const lines = `${stdout}\n${stderr}`
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean);
        // The CLI's diagnostics ("error: …") say why; its summary lines ("update failed") do not.
        const errors = lines.filter((l) => /^error: /.test(l) && !/^error: (update|preview|import) failed$/.test(l));
        const detail = errors[0] ?? lines.pop() ?? String(err.message);
        return reject(new TakeoverError(`\`pulumi ${args.join(" ")}\` failed: ${detail}`, exitCode));
      }
      resolve({ stdout, stderr });
    });
  });
}
