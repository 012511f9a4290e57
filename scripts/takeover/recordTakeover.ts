import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { awsTypes } from "dual-homed-server-rules";
import type { InterfaceNow } from "./moveInterfaces";
import { pulumi } from "./pulumiCli";
import { readServer, type ServerInState } from "./stackState";

export interface RecordOptions {
  stack?: string;
  server?: string;
  /** The stack config key that sets `standbyHoldsInterfaces`. */
  configKey: string;
  log: (line: string) => void;
}

/** The bulk import file for the standby's attachments: each under its own name, as a child of the server. */
function importFile(server: ServerInState, now: Map<string, InterfaceNow>): string {
  const resources = server.secondaries
    .filter((eni) => !eni.attachment)
    .map((eni) => ({
      type: awsTypes.attachment,
      name: eni.attachmentName,
      id: now.get(eni.networkInterfaceId)!.attachmentId!,
      parent: "server",
    }));
  return JSON.stringify({ nameTable: { server: server.componentUrn }, resources }, null, 2);
}

/** `pulumi import` of the attachments the stack does not hold, through a file in a scratch directory. */
async function importAttachments(server: ServerInState, now: Map<string, InterfaceNow>, options: RecordOptions) {
  const dir = mkdtempSync(path.join(tmpdir(), "takeover-"));
  try {
    const file = path.join(dir, "attachments.json");
    writeFileSync(file, importFile(server, now));
    const flags = ["--yes", "--skip-preview", "--protect=false", "--generate-code=false"];
    await pulumi(["import", "--file", file, ...flags], options.stack, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Records in the stack that the standby holds every secondary interface, so that the stack and
 * EC2 agree: `standbyHoldsInterfaces` true in the stack's config; the attachments EC2 no longer has
 * dropped from the state (`pulumi refresh` of them alone: the provider reads an attachment by its
 * id, which a move changes); the standby's attachments imported under the same names and parent
 * (`pulumi import`, which the Pulumi CLI supports for a child of a component through a bulk import
 * file's `nameTable`); then `pulumi preview --expect-no-changes` proves the program agrees before
 * `pulumi up` writes the outputs (`secondaryInterfacesInstanceId`), changing nothing in AWS.
 */
export async function recordTakeover(
  server: ServerInState,
  now: Map<string, InterfaceNow>,
  options: RecordOptions,
): Promise<void> {
  await pulumi(["config", "set", options.configKey, "true"], options.stack, 1);
  options.log(`set ${options.configKey} to true in the stack's config`);
  const stale = server.secondaries.filter(
    (eni) => eni.attachment && eni.attachment.id !== now.get(eni.networkInterfaceId)?.attachmentId,
  );
  let current = server;
  if (stale.length > 0) {
    const targets = stale.flatMap((eni) => ["--target", eni.attachment!.urn]);
    await pulumi(["refresh", "--yes", "--skip-preview", ...targets], options.stack, 1);
    options.log(
      `refreshed ${stale.map((eni) => eni.attachmentName).join(", ")}: the stack dropped the old attachments`,
    );
    current = await readServer(options.stack, server.name);
  }
  const missing = current.secondaries.filter((eni) => !eni.attachment);
  if (missing.length > 0) {
    await importAttachments(current, now, options);
    options.log(`imported the standby's attachments as ${missing.map((eni) => eni.attachmentName).join(", ")}`);
  }
  await pulumi(["preview", "--expect-no-changes"], options.stack, 1);
  options.log("pulumi preview: no changes; the program agrees with EC2");
  await pulumi(["up", "--yes", "--skip-preview"], options.stack, 1);
  options.log("pulumi up: the stack's outputs name the standby as the holder");
}
