import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { InterfaceInfo } from "dual-homed-server";
import { VerifyError } from "./verifyError";

/** The stack outputs `verify` reads (those `index.ts` exports). */
export interface ServerOutputs {
  instanceId: string;
  availabilityZone: string;
  interfaces: InterfaceInfo[];
}

const interfaceFields: [keyof InterfaceInfo, (v: unknown) => boolean][] = [
  ["deviceIndex", (v) => Number.isInteger(v)],
  ["networkInterfaceId", (v) => typeof v === "string"],
  ["securityGroupId", (v) => typeof v === "string"],
  ["privateIps", (v) => Array.isArray(v) && v.every((x) => typeof x === "string")],
  ["publicIps", (v) => Array.isArray(v) && v.every((x) => typeof x === "string")],
  ["allowsHttp", (v) => typeof v === "boolean"],
  ["httpSources", (v) => Array.isArray(v) && v.every((x) => typeof x === "string")],
];

/** Checks the outputs have the shape this version writes; names the first field that does not. */
export function parseServerOutputs(raw: unknown, source: string): ServerOutputs {
  const older = (what: string) =>
    new VerifyError(
      `${source} has outputs of another shape (${what}); run \`pulumi up\` with this version of the stack first`,
    );
  if (!raw || typeof raw !== "object") throw older("not a JSON object");
  const o = raw as Record<string, unknown>;
  for (const field of ["instanceId", "availabilityZone"]) {
    if (typeof o[field] !== "string") throw older(`no ${field}`);
  }
  if (!Array.isArray(o.interfaces) || o.interfaces.length === 0) throw older("no interfaces list");
  o.interfaces.forEach((eni: unknown, i) => {
    for (const [field, valid] of interfaceFields) {
      if (!eni || typeof eni !== "object" || !valid((eni as Record<string, unknown>)[field])) {
        throw older(`interfaces[${i}].${field} missing or malformed`);
      }
    }
  });
  return o as unknown as ServerOutputs;
}

export async function readOutputsFile(file: string): Promise<ServerOutputs> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new VerifyError(`cannot read outputs file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parseServerOutputs(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    throw new VerifyError(`${file} is not JSON; write it with \`pulumi stack output --json > ${file}\``);
  }
}

/** Runs `pulumi stack output --json` for the stack (or the selected one). */
export function readStackOutputs(stack?: string): Promise<ServerOutputs> {
  const args = ["stack", "output", "--json", ...(stack ? ["--stack", stack] : [])];
  return new Promise((resolve, reject) => {
    execFile("pulumi", args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(new VerifyError("the pulumi CLI is not on PATH; install it, or pass --outputs <file>"));
      }
      if (err) {
        const detail = stderr.trim().split("\n").pop() ?? "";
        const missing = /no stack named|no stack selected|stack .* not found/i.test(stderr);
        return reject(
          new VerifyError(
            missing
              ? `stack ${stack ? `"${stack}" ` : ""}not found (${detail}); list stacks with \`pulumi stack ls\``
              : `\`pulumi ${args.join(" ")}\` failed: ${detail}`,
          ),
        );
      }
      try {
        resolve(parseServerOutputs(JSON.parse(stdout), `stack ${stack ?? "(selected)"}`));
      } catch (parseErr) {
        reject(parseErr instanceof VerifyError ? parseErr : new VerifyError(`pulumi printed no JSON outputs`));
      }
    });
  });
}
