import {
  AttachNetworkInterfaceCommand,
  DescribeNetworkInterfacesCommand,
  DetachNetworkInterfaceCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import type { ServerInState, StackInterface } from "./stackState";
import { TakeoverError } from "./takeoverError";

/** One secondary interface as EC2 shows it now. */
export interface InterfaceNow {
  status?: string;
  instanceId?: string;
  attachmentId?: string;
  attachmentStatus?: string;
}

/** Every secondary interface's status and attachment, by id. */
export async function interfacesNow(ec2: EC2Client, server: ServerInState): Promise<Map<string, InterfaceNow>> {
  const ids = server.secondaries.map((s) => s.networkInterfaceId);
  const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids }));
  return new Map(
    (out.NetworkInterfaces ?? []).map((eni) => [
      eni.NetworkInterfaceId ?? "",
      {
        status: eni.Status,
        instanceId: eni.Attachment?.InstanceId,
        attachmentId: eni.Attachment?.AttachmentId,
        attachmentStatus: eni.Attachment?.Status,
      },
    ]),
  );
}

/** Whether the standby holds the interface, attached. */
export function onStandby(server: ServerInState, now: InterfaceNow | undefined): boolean {
  return now?.instanceId === server.standbyInstanceId && now.attachmentStatus === "attached";
}

/** `eth1 (eni-…)`. */
export function label(eni: StackInterface): string {
  return `${eni.role} (${eni.networkInterfaceId})`;
}

/** The interfaces held by an instance that is neither the server's instance nor its standby. */
function strangers(server: ServerInState, now: Map<string, InterfaceNow>): string[] {
  return server.secondaries.flatMap((eni) => {
    const holder = now.get(eni.networkInterfaceId)?.instanceId;
    return holder && holder !== server.instanceId && holder !== server.standbyInstanceId
      ? [`${label(eni)} is attached to ${holder}, neither the instance ${server.instanceId} nor the standby`]
      : [];
  });
}

/** Polls until `done` holds for every interface, or fails naming those that are late. */
async function waitFor(
  ec2: EC2Client,
  server: ServerInState,
  pending: StackInterface[],
  done: (now: InterfaceNow | undefined) => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const now = await interfacesNow(ec2, server);
    const late = pending.filter((eni) => !done(now.get(eni.networkInterfaceId)));
    if (late.length === 0) return;
    if (Date.now() > until) {
      const states = late.map((eni) => `${label(eni)} ${now.get(eni.networkInterfaceId)?.status ?? "not found"}`);
      throw new TakeoverError(
        `not ${what} within ${timeoutMs / 1000} s: ${states.join(", ")}; run the command again`,
        1,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Moves every secondary interface the instance holds to the standby, as the failover monitor does:
 * force-detach from the instance, wait until detached, attach to the standby at the same device
 * index and network card. Interfaces on the standby already stay; one held by any other instance
 * stops the command before anything moves. Returns the interfaces it moved.
 */
export async function moveToStandby(
  ec2: EC2Client,
  server: ServerInState,
  options: { timeoutMs: number; log: (line: string) => void },
): Promise<StackInterface[]> {
  const now = await interfacesNow(ec2, server);
  const foreign = strangers(server, now);
  if (foreign.length > 0) throw new TakeoverError(`nothing moved: ${foreign.join("; ")}`);
  const moving = server.secondaries.filter((eni) => !onStandby(server, now.get(eni.networkInterfaceId)));
  const held = moving.filter((eni) => now.get(eni.networkInterfaceId)?.instanceId === server.instanceId);
  await Promise.all(
    held.map((eni) => {
      options.log(`force-detaching ${label(eni)} from the instance ${server.instanceId}`);
      const attachmentId = now.get(eni.networkInterfaceId)!.attachmentId!;
      return ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attachmentId, Force: true }));
    }),
  );
  await waitFor(
    ec2,
    server,
    moving,
    (eni) => eni?.status === "available" || onStandby(server, eni),
    "detached",
    options.timeoutMs,
  );
  const after = await interfacesNow(ec2, server);
  await Promise.all(
    moving
      .filter((eni) => !onStandby(server, after.get(eni.networkInterfaceId)))
      .map((eni) => {
        options.log(`attaching ${label(eni)} to the standby ${server.standbyInstanceId} at device ${eni.deviceIndex}`);
        return ec2.send(
          new AttachNetworkInterfaceCommand({
            NetworkInterfaceId: eni.networkInterfaceId,
            InstanceId: server.standbyInstanceId,
            DeviceIndex: eni.deviceIndex,
            NetworkCardIndex: eni.networkCardIndex || undefined,
          }),
        );
      }),
  );
  await waitFor(ec2, server, moving, (eni) => onStandby(server, eni), "attached to the standby", options.timeoutMs);
  return moving;
}
