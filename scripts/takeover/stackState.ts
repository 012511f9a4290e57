import { awsTypes } from "dual-homed-server-rules";
import { pulumi } from "./pulumiCli";
import { TakeoverError } from "./takeoverError";

/** The component's type token. */
const componentType = "dual-homed-server:index:DualHomedServer";

/** One secondary interface of the server, where the stack places it. */
export interface StackInterface {
  /** `eth<N>`. */
  role: string;
  networkInterfaceId: string;
  deviceIndex: number;
  networkCardIndex: number;
  /** The name of its attachment resource (`<server>-eth<N>-attachment`). */
  attachmentName: string;
  /** That attachment as the stack holds it, if it does. */
  attachment?: { urn: string; id: string };
}

/** What the stack records of one DualHomedServer, read from `pulumi stack export`. */
export interface ServerInState {
  name: string;
  componentUrn: string;
  instanceId: string;
  standbyInstanceId: string;
  secondaries: StackInterface[];
}

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  parent?: string;
  inputs?: Record<string, unknown>;
  outputs?: {
    instanceId?: string;
    standbyInstanceId?: string;
    interfaces?: { networkInterfaceId: string; deviceIndex: number; networkCardIndex?: number }[];
  };
}

/** The resource's name: the last part of its URN. */
function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** The server named `server` (or the only one) in an exported deployment. */
export function serverInState(deployment: unknown, server: string | undefined, stack: string): ServerInState {
  const resources = (deployment as { deployment?: { resources?: ExportedResource[] } }).deployment?.resources ?? [];
  const servers = resources.filter((r) => r.type === componentType && (!server || nameOf(r.urn) === server));
  if (servers.length !== 1) {
    const found = resources.filter((r) => r.type === componentType).map((r) => nameOf(r.urn));
    throw new TakeoverError(
      servers.length === 0
        ? `stack ${stack} has no DualHomedServer${server ? ` named ${server}` : ""} (it has: ${found.join(", ") || "none"})`
        : `stack ${stack} has several DualHomedServers (${found.join(", ")}); name one with --server`,
    );
  }
  const [component] = servers;
  const name = nameOf(component.urn);
  const outputs = component.outputs ?? {};
  if (!outputs.standbyInstanceId) {
    throw new TakeoverError(`${name} in stack ${stack} has no standby; deploy it with standby: true first`);
  }
  const attachments = resources.filter((r) => r.type === awsTypes.attachment && r.parent === component.urn);
  const interfaces = outputs.interfaces ?? [];
  const secondaries = interfaces.slice(1).map((eni, i): StackInterface => {
    const attachmentName = `${name}-eth${i + 1}-attachment`;
    const held = attachments.find((a) => nameOf(a.urn) === attachmentName);
    return {
      role: `eth${i + 1}`,
      networkInterfaceId: eni.networkInterfaceId,
      deviceIndex: eni.deviceIndex,
      networkCardIndex: eni.networkCardIndex ?? 0,
      attachmentName,
      attachment: held?.id ? { urn: held.urn, id: held.id } : undefined,
    };
  });
  if (secondaries.length === 0) throw new TakeoverError(`${name} in stack ${stack} has no secondary interface to move`);
  return {
    name,
    componentUrn: component.urn,
    instanceId: String(outputs.instanceId),
    standbyInstanceId: String(outputs.standbyInstanceId),
    secondaries,
  };
}

/** Reads the stack's state with `pulumi stack export`. */
export async function readServer(stack: string | undefined, server: string | undefined): Promise<ServerInState> {
  const { stdout } = await pulumi(["stack", "export"], stack, 2);
  let deployment: unknown;
  try {
    deployment = JSON.parse(stdout);
  } catch {
    throw new TakeoverError("`pulumi stack export` printed no JSON");
  }
  return serverInState(deployment, server, stack ?? "(selected)");
}
