// TEST DOUBLE data (stand-in AWS provider): which input changes replace a resource and which the
// provider updates in place, as the AWS provider defines them. pulumi-aws bridges the Terraform AWS
// provider (terraform-provider-aws), whose ForceNew / RequiresReplace arguments and CustomizeDiff /
// ModifyPlan rules are replacements; a resource without an update function has only ForceNew
// arguments. Each entry names its source: the file under internal/service/ and the function or
// schema that says so. Inputs not listed here update in place. A nested field is `parent.field`.
import { awsTypes } from "dual-homed-server-rules";

type Props = Record<string, unknown>;

const eni = "ec2/vpc_network_interface.go (ResourceNetworkInterface";
const instance = "ec2/ec2_instance.go (ResourceInstance";
const group = "ec2/vpc_security_group.go (resourceSecurityGroup schema)";
const rule = "ec2/vpc_security_group_ingress_rule.go (the rule resources' Schema, which the egress rule shares)";
const attachment = "ec2/vpc_network_interface_attachment.go (resourceNetworkInterfaceAttachment schema)";
const eip = "ec2/ec2_eip.go (resourceEIP schema)";
const association = "ec2/ec2_eip_association.go (resourceEIPAssociation: no update function, every argument ForceNew)";
const role = "iam/role.go (resourceRole schema)";
const profile = "iam/instance_profile.go (resourceInstanceProfile schema)";
const policyAttachment = "iam/role_policy_attachment.go (resourceRolePolicyAttachment: no update function)";
const inlinePolicy = "iam/role_policy.go (resourceRolePolicy schema)";
const placement = "ec2/ec2_placement_group.go (resourcePlacementGroup schema; update is tags only)";
const topic = "sns/topic.go (resourceTopic schema)";

/** The inputs whose change always replaces a resource of the type, each with its source. */
export const replacingInputs: Record<string, Record<string, string>> = {
  [awsTypes.securityGroup]: {
    name: `${group}: name ForceNew`,
    namePrefix: `${group}: name_prefix ForceNew`,
    description: `${group}: description ForceNew (EC2 cannot change it)`,
    vpcId: `${group}: vpc_id ForceNew`,
  },
  [awsTypes.ingressRule]: { securityGroupId: `${rule}: security_group_id RequiresReplace` },
  [awsTypes.egressRule]: { securityGroupId: `${rule}: security_group_id RequiresReplace` },
  [awsTypes.networkInterface]: {
    subnetId: `${eni} schema): subnet_id ForceNew (an ENI cannot change subnet)`,
    interfaceType: `${eni} schema): interface_type ForceNew`,
  },
  [awsTypes.instance]: {
    ami: `${instance} schema): ami ForceNew`,
    availabilityZone: `${instance} schema): availability_zone ForceNew`,
    subnetId: `${instance} schema): subnet_id ForceNew`,
    keyName: `${instance} schema): key_name ForceNew`,
    placementGroup: `${instance} schema): placement_group ForceNew`,
    privateIp: `${instance} schema): private_ip ForceNew`,
    "primaryNetworkInterface.networkInterfaceId": `${instance} schema): primary_network_interface ForceNew`,
    "rootBlockDevice.encrypted": `${instance} schema): root_block_device.encrypted ForceNew`,
    "rootBlockDevice.kmsKeyId": `${instance} schema): root_block_device.kms_key_id ForceNew`,
  },
  [awsTypes.attachment]: {
    instanceId: `${attachment}: instance_id ForceNew`,
    networkInterfaceId: `${attachment}: network_interface_id ForceNew`,
    deviceIndex: `${attachment}: device_index ForceNew`,
    networkCardIndex: `${attachment}: network_card_index ForceNew`,
  },
  [awsTypes.eip]: {
    domain: `${eip}: domain ForceNew`,
    publicIpv4Pool: `${eip}: public_ipv4_pool ForceNew`,
    address: `${eip}: address ForceNew`,
  },
  [awsTypes.eipAssociation]: Object.fromEntries(
    ["allocationId", "instanceId", "networkInterfaceId", "privateIpAddress", "publicIp", "allowReassociation"].map(
      (key) => [key, association],
    ),
  ),
  [awsTypes.iamRole]: {
    name: `${role}: name ForceNew`,
    namePrefix: `${role}: name_prefix ForceNew`,
    path: `${role}: path ForceNew`,
  },
  [awsTypes.instanceProfile]: {
    name: `${profile}: name ForceNew`,
    namePrefix: `${profile}: name_prefix ForceNew`,
    path: `${profile}: path ForceNew`,
  },
  [awsTypes.rolePolicyAttachment]: {
    role: `${policyAttachment}: role ForceNew`,
    policyArn: `${policyAttachment}: policy_arn ForceNew`,
  },
  [awsTypes.rolePolicy]: {
    role: `${inlinePolicy}: role ForceNew`,
    name: `${inlinePolicy}: name ForceNew`,
    namePrefix: `${inlinePolicy}: name_prefix ForceNew`,
  },
  [awsTypes.placementGroup]: {
    name: `${placement}: name ForceNew`,
    strategy: `${placement}: strategy ForceNew`,
    spreadLevel: `${placement}: spread_level ForceNew`,
    partitionCount: `${placement}: partition_count ForceNew`,
  },
  [awsTypes.snsTopic]: {
    name: `${topic}: name ForceNew`,
    namePrefix: `${topic}: name_prefix ForceNew`,
  },
};

/** A replacement that depends on the plan, with its source. */
interface ConditionalReplacement {
  source: string;
  replaces(olds: Props, news: Props): boolean;
}

/** The written-out set no longer holds the interface's current primary (first of its ordered list). */
function primaryLeftOut(olds: Props, news: Props): boolean {
  if (news.privateIpListEnabled === true || !Array.isArray(news.privateIps)) return false;
  const primary = Array.isArray(olds.privateIpLists) ? olds.privateIpLists[0] : undefined;
  return !(news.privateIps as unknown[]).includes(primary);
}

/** Which of a rule's mutually exclusive sources it has; EC2 cannot change a rule's source type. */
const sourceKind = (p: Props) =>
  ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"].find((key) => p[key] != null);

const ruleSourceType: ConditionalReplacement = {
  source:
    "ec2/vpc_security_group_ingress_rule.go (the rule resources' ModifyPlan): a new source type " +
    "(cidr_ipv4 <-> cidr_ipv6) RequiresReplace",
  replaces: (olds, news) => sourceKind(olds) !== sourceKind(news),
};

/** Replacements the provider decides from the plan (CustomizeDiff ForceNewIf, ModifyPlan), by input. */
export const conditionalReplacements: Record<string, Record<string, ConditionalReplacement>> = {
  [awsTypes.networkInterface]: {
    privateIps: {
      source:
        `${eni} CustomizeDiff): customdiff.ForceNewIf("private_ips"): the new set lacks the current ` +
        "primary (the first of private_ip_list), unless private_ip_list_enabled",
      replaces: primaryLeftOut,
    },
    privateIpLists: {
      source: `${eni} CustomizeDiff): customdiff.ForceNewIf("private_ip_list"): a new first address, with private_ip_list_enabled`,
      replaces: (olds, news) =>
        news.privateIpListEnabled === true &&
        Array.isArray(news.privateIpLists) &&
        (news.privateIpLists as unknown[])[0] !== (olds.privateIpLists as unknown[] | undefined)?.[0],
    },
  },
  [awsTypes.instance]: {
    userData: {
      source: `${instance} CustomizeDiff): customdiff.ForceNewIf("user_data"): user_data_replace_on_change`,
      replaces: (_olds, news) => news.userDataReplaceOnChange === true,
    },
    userDataBase64: {
      source: `${instance} CustomizeDiff): customdiff.ForceNewIf("user_data_base64"): user_data_replace_on_change`,
      replaces: (_olds, news) => news.userDataReplaceOnChange === true,
    },
  },
  [awsTypes.ingressRule]: { cidrIpv4: ruleSourceType, cidrIpv6: ruleSourceType },
  [awsTypes.egressRule]: { cidrIpv4: ruleSourceType, cidrIpv6: ruleSourceType },
};

/** The changed inputs (paths, `parent.field` for nested ones) that force a replacement of a resource of `type`. */
export function replacementsFor(type: string, changed: string[], news: Props, olds: Props = {}): string[] {
  const always = replacingInputs[type] ?? {};
  const conditional = conditionalReplacements[type] ?? {};
  return changed.filter((path) => path in always || (conditional[path]?.replaces(olds, news) ?? false));
}
