// TEST DOUBLE (part of the stand-in AWS provider): reads for `import`. The engine imports a
// resource by reading it with its id alone (no state yet), and compares the inputs the provider
// reports with the program's. @pulumi/pulumi's provider server reads the request's state
// unconditionally, so an absent one is taken as empty here; the provider then answers with the
// inputs read back, as the AWS provider does for an import.
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { createRequire } from "node:module";
import { inputNames } from "./inputKinds";

type Props = Record<string, unknown>;

const requireFromSdk = createRequire(require.resolve("@pulumi/pulumi/provider"));
const { ReadRequest } = requireFromSdk("../proto/provider_pb") as {
  ReadRequest: { prototype: { getProperties: (this: unknown) => Struct | undefined } };
};
const stateOf = ReadRequest.prototype.getProperties;
ReadRequest.prototype.getProperties = function (this: unknown) {
  return stateOf.call(this) ?? new Struct();
};

/** Whether a read is an import's: the engine holds no state for the resource yet. */
export const isImport = (state: Props) => Object.keys(state).length === 0;

/** The inputs an imported resource has, read back from its state. */
export function importedInputs(type: string, state: Props): Props {
  return Object.fromEntries(
    inputNames(type).flatMap((name) => (state[name] === undefined ? [] : [[name, state[name]]])),
  );
}
