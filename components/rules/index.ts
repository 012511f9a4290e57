// Pure rule functions shared by the DualHomedServer component and the policy pack.
export * from "./names";
export * from "./limits";
export * from "./eniSameAzAsInstance";
export * from "./eniCountWithinInstanceTypeLimit";
export * from "./eniAddressesWithinInstanceTypeLimit";
export * from "./eniSecurityGroupCount";
export * from "./cidrBlock";
export * from "./portRange";
export * from "./duplicateEntries";
