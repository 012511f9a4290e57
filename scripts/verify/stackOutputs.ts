import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { InterfaceInfo } from "dual-homed-server";
import { VerifyError } from "./verifyError";

/** The stack outputs `verify` reads (those `index.ts` exports). */
export interface ServerOutputs {
  instanceId: string;
  availabilityZone: string;
  interfaces: InterfaceInfo[];
  /** The standby instance, `""` (or absent, from older stacks) without one. */
  standbyInstanceId?: string;
  /** The standby's own primary interface. */
  standbyInterfaces?: InterfaceInfo[];
  /** The instance that should hold the secondary interfaces (default: `instanceId`). */
  secondaryInterfacesInstanceId?: string;
  /** The instance profile the instance is launched with, `""` without one (absent from older stacks). */
  instanceProfileName?: string;
  /** The standby's instance profile: its own with failover (absent from older stacks: the instance's). */
  standbyInstanceProfileName?: string;
}

/** One interface the stack declares, with the instance that should hold it. */
export interface ExpectedInterface {
  info: InterfaceInfo;
  instanceId: string;
}

/** Every interface of the stack (the instance's, then the standby's) and who should hold it. */
export function expectedInterfaces(outputs: ServerOutputs): ExpectedInterface[] {
  const holder = outputs.secondaryInterfacesInstanceId || outputs.instanceId;
  return [
    ...outputs.interfaces.map((info) => ({
      info,
      instanceId: info.deviceIndex === 0 ? outputs.instanceId : holder,
    })),
    ...(outputs.standbyInterfaces ?? []).map((info) => ({ info, instanceId: outputs.standbyInstanceId ?? "" })),
  ];
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
  const checkInterfaces = (list: unknown[], key: string) =>
    list.forEach((eni: unknown, i) => {
      // Stacks deployed before IPv6 support have no IPv6 fields: no IPv6 addresses.
      if (eni && typeof eni === "object") {
        const fields = eni as Record<string, unknown>;
        fields.ipv6Addresses ??= [];
        fields.ipv6HttpSources ??= [];
        // Before your own groups and network cards: the interface's own group, on card 0.
        fields.securityGroupIds ??= [fields.securityGroupId];
        fields.networkCardIndex ??= 0;
      }
      for (const [field, valid] of interfaceFields) {
        if (!eni || typeof eni !== "object" || !valid((eni as Record<string, unknown>)[field])) {
          throw older(`${key}[${i}].${field} missing or malformed`);
        }
      }
    });
  checkInterfaces(o.interfaces, "interfaces");
  if (o.standbyInterfaces !== undefined) {
    if (!Array.isArray(o.standbyInterfaces)) throw older("standbyInterfaces is not a list");
    checkInterfaces(o.standbyInterfaces, "standbyInterfaces");
  }
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
