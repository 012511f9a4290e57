// The rules both the DualHomedServer component and the policy pack apply: their names, the
// instance-type limits and their table, and the pure checks of AWS's network-interface rules.
export * from "./names";
export * from "./limits";
export * from "./limitsTable";
export * from "./eniSameAzAsInstance";
export * from "./eniCountWithinInstanceTypeLimit";
export * from "./eniAddressesWithinInstanceTypeLimit";
export * from "./eniSecurityGroupCount";
export * from "./subnetAddresses";
export * from "./awsTokens";
export * from "./eniAddressInSubnet";
export * from "./eniIpv6InSubnetWithIpv6Block";
export * from "./rootVolumeWithinEbsLimits";
