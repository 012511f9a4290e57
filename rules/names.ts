/**
 * Every rule name, shared by the component's error messages and the policy pack: each message starts
 * with its rule's name, so a user who meets a rule in one place can search for it in the other and
 * in the docs.
 */
export const ruleNames = {
  eniSameAzAsInstance: "eni-same-az-as-instance",
  eniCountWithinInstanceTypeLimit: "eni-count-within-instance-type-limit",
  eniAddressesWithinInstanceTypeLimit: "eni-addresses-within-instance-type-limit",
  eipBoundToInterfaceAddress: "eip-bound-to-interface-address",
  eniAttachedOnce: "eni-attached-once",
  eniSecurityGroupCount: "eni-security-group-count",
  eniIpv6InSubnetWithIpv6Block: "eni-ipv6-in-subnet-with-ipv6-block",
  eniAddressInSubnet: "eni-address-in-subnet",
  eipStaysOnItsAddress: "eip-stays-on-its-address",
  eniPrimaryAddressKept: "eni-primary-address-kept",
  validCidrBlock: "valid-cidr-block",
  validPortRange: "valid-port-range",
  noDuplicateEntries: "no-duplicate-entries",
  validTags: "valid-tags",
  validSecurityGroupText: "valid-security-group-text",
  withinAnyInstanceTypeLimit: "within-any-instance-type-limit",
  validPrivateAddress: "valid-private-address",
  addressesWrittenOrCounted: "addresses-written-or-counted",
  validCount: "valid-count",
  noEmptyValues: "no-empty-values",
  ingressRuleHasSource: "ingress-rule-has-source",
  standbyBeforeHoldingInterfaces: "standby-before-holding-interfaces",
  validOptionType: "valid-option-type",
  userDataWithinLimit: "user-data-within-limit",
  lookupSucceeds: "lookup-succeeds",
  rootVolumeWithinEbsLimits: "root-volume-within-ebs-limits",
  instanceRoleOrProfile: "instance-role-or-profile",
  validPolicyArn: "valid-policy-arn",
  validSecurityGroupId: "valid-security-group-id",
  validBootScript: "valid-boot-script",
  placementGroupOrSpread: "placement-group-or-spread",
} as const;
