// TEST DOUBLE: a stand-in for the AWS provider plugin (pulumi-resource-aws), which cannot be
// downloaded or built here. It works against the moto emulator named by STAND_IN_AWS_ENDPOINT
// (EC2, IAM and SSM APIs), never from fixed answers: Check auto-names and fills the schema's
// defaults as the provider does, Diff says what changed and which changes replace a resource from
// the provider's own rules (standInAws/diff.ts, inputKinds.ts, replacementRules.ts), and create,
// read (refresh), update and delete go through the AWS APIs (standInAws/resources/),
// so `pulumi up`, `refresh` and `destroy` run for real against moto. Data-source invokes answer
// the lookups the component makes during preview (standInAws/invokes.ts). Errors read as the
// provider's (standInAws/errors.ts).
import * as provider from "@pulumi/pulumi/provider";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { awsTypes } from "dual-homed-server-rules";
import { actionFailed } from "./standInAws/errors";
import { invokeDataSource } from "./standInAws/invokes";
import type { ResourceHandler } from "./standInAws/resourceHandler";
import { ec2Resources } from "./standInAws/resources";
import { diffOf } from "./standInAws/diff";
import { importedInputs, isImport } from "./standInAws/importReads";
import { withDefaults } from "./standInAws/inputKinds";
import { plannedState } from "./standInAws/plannedState";
import { standInAwsSchema } from "./standInAwsSchema";

// The type segment holds the parents' types too: `parent$child`.
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;
const nameOf = (urn: string) => urn.split("::")[3];

/** Whether the Update being answered is the engine's preview of it. */
const previewing = new AsyncLocalStorage<boolean>();

function handlerFor(urn: string): ResourceHandler {
  const handler = ec2Resources[typeOf(urn)];
  if (!handler) throw new Error(`the stand-in AWS provider does not manage ${typeOf(urn)}`);
  return handler;
}

/** A handler's action on the resource of `urn`, failing as the provider fails (`creating EC2 Instance: …`). */
async function act<T>(
  action: "creating" | "reading" | "updating" | "deleting",
  urn: string,
  id: string | undefined,
  call: (handler: ResourceHandler) => Promise<T>,
): Promise<T> {
  const handler = handlerFor(urn);
  try {
    return await call(handler);
  } catch (err) {
    throw actionFailed(action, handler.name, id, err);
  }
}

/** Resource types whose name pulumi-aws generates: the logical name and seven random hex characters. */
const autoNamed = new Set<string>([
  awsTypes.securityGroup,
  awsTypes.iamRole,
  awsTypes.instanceProfile,
  awsTypes.rolePolicy,
  awsTypes.placementGroup,
  awsTypes.snsTopic,
]);

/** Properties as the engine takes them: a property without a value is left out (a Struct has no undefined). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const standInAwsProvider: provider.Provider = {
  version: standInAwsSchema.version,
  schema: JSON.stringify(standInAwsSchema),
  check: (urn, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    // The schema's defaults filled in, as the provider's Check does (inputKinds.ts).
    const inputs = withDefaults(typeOf(urn), news);
    if (autoNamed.has(typeOf(urn)) && inputs.name === undefined && inputs.namePrefix === undefined) {
      inputs.name = olds?.name ?? `${nameOf(urn)}-${randomBytes(4).toString("hex").slice(0, 7)}`;
    }
    return Promise.resolve({ inputs });
  },
  diff: (_id, urn, olds: Record<string, unknown>, news: Record<string, unknown>) =>
    Promise.resolve(diffOf(typeOf(urn), olds, news)),
  create: (urn, inputs: Record<string, unknown>) =>
    // Planned during preview as the provider plans a new resource: its inputs, the rest unknown.
    previewing.getStore()
      ? Promise.resolve({ id: "", outs: inputs })
      : act("creating", urn, undefined, async (handler) => wire(await handler.create(inputs, nameOf(urn)))),
  read: async (id, urn, props: Record<string, unknown> = {}) => {
    const current = await act("reading", urn, id, (handler) => handler.read(id, props));
    // An id left out tells the engine the resource is gone.
    if (!current) return { id: undefined, props: {} };
    return isImport(props)
      ? { id, props: wire(current), inputs: wire(importedInputs(typeOf(urn), current)) }
      : { id, props: wire(current) };
  },
  update: async (id, urn, olds: Record<string, unknown>, news: Record<string, unknown>) => ({
    outs: wire(
      previewing.getStore()
        ? plannedState(typeOf(urn), olds, news)
        : await act("updating", urn, id, (handler) => handler.update(id, olds, news)),
    ),
  }),
  delete: (id, urn, props: Record<string, unknown>) => act("deleting", urn, id, (handler) => handler.delete(id, props)),
  invoke: async (token, inputs: Record<string, unknown>) => ({ outputs: wire(await invokeDataSource(token, inputs)) }),
};

/**
 * The SDK's provider server offers no previews of updates, so the engine would take a resource's new
 * inputs as its planned state (no allocation id, no addresses): a poorer plan than the AWS
 * provider's. Offer them as the provider does: say so in Configure, and answer a preview Create or
 * Update with the planned state instead of calling the EC2 API.
 */
function offerUpdatePreviews(): void {
  const grpc = createRequire(require.resolve("@pulumi/pulumi/provider"))("@grpc/grpc-js") as {
    Server: {
      prototype: { addService: (this: unknown, service: unknown, implementation: Record<string, unknown>) => void };
    };
  };
  type Handler = (call: { request: any }, callback: (err: unknown, resp?: any) => void) => void;
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const configure = implementation.configure as Handler | undefined;
    if (!configure || !implementation.create || !implementation.update)
      return addService.call(this, service, implementation);
    const wrapped: Record<string, unknown> = Object.create(implementation) as Record<string, unknown>;
    wrapped.configure = (call: { request: any }, callback: (err: unknown, resp?: any) => void) =>
      configure.call(implementation, call, (err, resp) => {
        resp?.setSupportspreview?.(true);
        callback(err, resp);
      });
    // With previews offered, the engine also sends Create during preview: plan it, create nothing.
    for (const method of ["create", "update"]) {
      const handler = implementation[method] as Handler;
      wrapped[method] = (call: { request: any }, callback: (err: unknown, resp?: any) => void) =>
        previewing.run(call.request.getPreview() === true, () => handler.call(implementation, call, callback));
    }
    return addService.call(this, service, wrapped);
  };
}

offerUpdatePreviews();
void provider.main(standInAwsProvider, process.argv.slice(2));
