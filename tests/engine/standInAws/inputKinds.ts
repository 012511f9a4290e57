// TEST DOUBLE data (stand-in AWS provider): what the AWS provider does with an input the program
// leaves out, as its schema says. pulumi-aws bridges the Terraform AWS provider, whose schema has
// three kinds of optional argument:
// - Optional with a Default: Check fills the default in (and a preview of a create shows it as a
//   known value), so taking the input out of the program diffs back to the default;
// - Optional and Computed: left out, the provider keeps what the resource has (no diff);
// - Optional alone: left out, the provider plans the attribute back to null (a diff, then an update
//   that clears it).
// Every input of the stand-in's schema (standInAwsSchema.ts) that is neither listed here with a
// default nor kept is of the third kind. Sources: the schema in each resource's file of
// terraform-provider-aws (internal/service/ec2, internal/service/iam), named beside each type.
import { awsTypes } from "dual-homed-server-rules";
import { standInAwsSchema } from "../standInAwsSchema";

export interface InputKinds {
  /** Where the schema is defined. */
  source: string;
  /** Optional inputs with a schema Default, and that default. */
  defaults: Record<string, unknown>;
  /** Optional and Computed inputs: left out, the resource keeps what it has. */
  kept: string[];
  /**
   * Object-typed inputs compared field by field: the defaults of their fields; every other field
   * left out keeps its value (they are Optional and Computed, or computed only).
   */
  nested?: Record<string, Record<string, unknown>>;
}

export const inputKinds: Record<string, InputKinds> = {
  [awsTypes.networkInterface]: {
    source: "vpc_network_interface.go (ResourceNetworkInterface schema)",
    defaults: { sourceDestCheck: true, privateIpListEnabled: false, ipv6AddressListEnabled: false },
    kept: [
      "attachments",
      "interfaceType",
      "ipv6AddressCount",
      "ipv6AddressLists",
      "ipv6Addresses",
      "privateIp",
      "privateIpLists",
      "privateIps",
      "privateIpsCount",
      "securityGroups",
    ],
  },
  [awsTypes.instance]: {
    source: "ec2_instance.go (ResourceInstance schema)",
    defaults: { userDataReplaceOnChange: false, sourceDestCheck: true },
    kept: [
      "ami",
      "availabilityZone",
      "disableApiStop",
      "disableApiTermination",
      "iamInstanceProfile",
      "instanceType",
      "keyName",
      "metadataOptions",
      "monitoring",
      "placementGroup",
      "primaryNetworkInterface",
      "privateIp",
      "rootBlockDevice",
      "secondaryPrivateIps",
      "subnetId",
      "userData",
      "vpcSecurityGroupIds",
    ],
    nested: { rootBlockDevice: { deleteOnTermination: true }, metadataOptions: {}, primaryNetworkInterface: {} },
  },
  [awsTypes.attachment]: {
    source: "vpc_network_interface_attachment.go (resourceNetworkInterfaceAttachment schema)",
    defaults: {},
    kept: ["networkCardIndex"],
  },
  [awsTypes.eip]: {
    source: "ec2_eip.go (resourceEIP schema)",
    defaults: {},
    kept: ["domain", "instance", "networkInterface", "publicIpv4Pool"],
  },
  [awsTypes.eipAssociation]: {
    source: "ec2_eip_association.go (resourceEIPAssociation schema)",
    defaults: {},
    kept: ["allocationId", "instanceId", "networkInterfaceId", "privateIpAddress", "publicIp"],
  },
  [awsTypes.securityGroup]: {
    source: "vpc_security_group.go (resourceSecurityGroup schema; pulumi-aws's default description)",
    defaults: { description: "Managed by Pulumi", revokeRulesOnDelete: false },
    kept: ["egress", "ingress", "name", "namePrefix", "vpcId"],
  },
  // The rule resources (Terraform plugin framework) have no Computed arguments.
  [awsTypes.ingressRule]: { source: "vpc_security_group_ingress_rule.go (Schema)", defaults: {}, kept: [] },
  [awsTypes.egressRule]: { source: "vpc_security_group_ingress_rule.go (Schema)", defaults: {}, kept: [] },
  [awsTypes.iamRole]: {
    source: "iam/role.go (resourceRole schema)",
    defaults: { path: "/", maxSessionDuration: 3600, forceDetachPolicies: false },
    kept: ["inlinePolicies", "managedPolicyArns", "name", "namePrefix"],
  },
  [awsTypes.instanceProfile]: {
    source: "iam/instance_profile.go (resourceInstanceProfile schema)",
    defaults: { path: "/" },
    kept: ["name", "namePrefix"],
  },
  [awsTypes.rolePolicyAttachment]: {
    source: "iam/role_policy_attachment.go (resourceRolePolicyAttachment schema)",
    defaults: {},
    kept: [],
  },
  [awsTypes.rolePolicy]: {
    source: "iam/role_policy.go (resourceRolePolicy schema)",
    defaults: {},
    kept: ["name", "namePrefix"],
  },
  [awsTypes.placementGroup]: {
    source: "ec2_placement_group.go (resourcePlacementGroup schema)",
    defaults: {},
    kept: ["name", "partitionCount", "spreadLevel"],
  },
};

/** The inputs with the schema's defaults filled in where the program left them out (the provider's Check). */
export function withDefaults(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...inputs };
  for (const [key, value] of Object.entries(inputKinds[type]?.defaults ?? {})) {
    if (filled[key] === undefined) filled[key] = value;
  }
  return filled;
}

/** Whether an input left out keeps the resource's current value (Optional and Computed). */
export function keptWhenAbsent(type: string, path: string): boolean {
  const kinds = inputKinds[type];
  if (!kinds) return true;
  const [key, field] = path.split(".");
  if (field === undefined) return kinds.kept.includes(key);
  return !(field in (kinds.nested?.[key] ?? {}));
}

/** What an input left out becomes: its default, or null. */
export function valueWhenAbsent(type: string, path: string): unknown {
  const [key, field] = path.split(".");
  const kinds = inputKinds[type];
  const defaults = field === undefined ? kinds?.defaults : kinds?.nested?.[key];
  return defaults?.[field ?? key];
}

/** The input names of a resource type, from the stand-in's schema. */
export function inputNames(type: string): string[] {
  const resource = (standInAwsSchema.resources as Record<string, { inputProperties: object } | undefined>)[type];
  return Object.keys(resource?.inputProperties ?? {});
}
