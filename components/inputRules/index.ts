// Checks of the component's own arguments (ingress sources, ports, list entries): the pack never
// sees these values in this form, so they live with the component, not in dual-homed-server-rules.
export * from "./cidrBlock";
export * from "./portRange";
export * from "./duplicateEntries";
export * from "./privateAddress";
