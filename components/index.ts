// The package's public contract: the component and the types of its arguments and outputs.
export * from "./args";
export { DualHomedServer } from "./dualHomedServer";
