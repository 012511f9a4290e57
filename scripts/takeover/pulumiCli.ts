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
        const lines = `${stderr}\n${stdout}`
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean);
        const detail = lines.filter((l) => /error/i.test(l)).pop() ?? lines.pop() ?? String(err.message);
        return reject(new TakeoverError(`\`pulumi ${args.join(" ")}\` failed: ${detail}`, exitCode));
      }
      resolve({ stdout, stderr });
    });
  });
}
