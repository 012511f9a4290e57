import {
  DescribeAddressesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type Instance,
  type NetworkInterface,
} from "@aws-sdk/client-ec2";
import { VerifyError } from "../verify/verifyError";

/** One rule of a security group, as EC2 reports it. */
export interface FoundRule {
  ruleId: string;
  egress: boolean;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  /** Set when the rule names another security group or a prefix list instead of a CIDR block. */
  referencedGroupId?: string;
  prefixListId?: string;
  description?: string;
}

export interface FoundGroup {
  id: string;
  name: string;
  rules: FoundRule[];
}

export interface FoundElasticIp {
  allocationId: string;
  associationId?: string;
  publicIp: string;
  privateIp?: string;
  networkInterfaceId?: string;
  instanceId?: string;
}

export interface FoundInterface {
  id: string;
  deviceIndex: number;
  networkCardIndex: number;
  attachmentId?: string;
  subnetId: string;
  groups: FoundGroup[];
  /** Private IPv4 addresses, primary first. */
  privateIps: string[];
  ipv6Count: number;
  sourceDestCheck: boolean;
  description: string;
  elasticIps: FoundElasticIp[];
}

/** A server built by hand, as the EC2 API reports it. */
export interface FoundServer {
  instanceId: string;
  instanceType: string;
  imageId: string;
  keyName?: string;
  availabilityZone: string;
  /** The user data it was launched with, decoded; `undefined` without any. */
  userData?: string;
  tags: Record<string, string>;
  /** Whether the instance requires IMDSv2 with a hop limit of 1, as the component launches them. */
  imdsv2Required: boolean;
  interfaces: FoundInterface[];
  /** Elastic IPs associated with the instance but with no interface (EC2-Classic style). */
  instanceElasticIps: FoundElasticIp[];
  /** Other running instances in the same zone and VPC, one of which could be the standby. */
  standbyCandidates: string[];
}

function foundRule(rule: {
  SecurityGroupRuleId?: string;
  IsEgress?: boolean;
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  ReferencedGroupInfo?: { GroupId?: string };
  PrefixListId?: string;
  Description?: string;
}): FoundRule {
  const allPorts = rule.IpProtocol === "-1";
  return {
    ruleId: rule.SecurityGroupRuleId ?? "",
    egress: rule.IsEgress ?? false,
    protocol: rule.IpProtocol ?? "-1",
    fromPort: allPorts ? undefined : rule.FromPort,
    toPort: allPorts ? undefined : rule.ToPort,
    cidrIpv4: rule.CidrIpv4,
    cidrIpv6: rule.CidrIpv6,
    referencedGroupId: rule.ReferencedGroupInfo?.GroupId,
    prefixListId: rule.PrefixListId,
    description: rule.Description,
  };
}

async function groupsById(client: EC2Client, ids: string[]): Promise<Map<string, FoundGroup>> {
  if (ids.length === 0) return new Map();
  const [groups, rules] = await Promise.all([
    client.send(new DescribeSecurityGroupsCommand({ GroupIds: ids })),
    client.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ids }] })),
  ]);
  return new Map(
    (groups.SecurityGroups ?? []).map((g): [string, FoundGroup] => [
      g.GroupId ?? "",
      {
        id: g.GroupId ?? "",
        name: g.GroupName ?? "",
        rules: (rules.SecurityGroupRules ?? []).filter((r) => r.GroupId === g.GroupId).map(foundRule),
      },
    ]),
  );
}

function foundInterface(
  eni: NetworkInterface,
  groups: Map<string, FoundGroup>,
  eips: FoundElasticIp[],
): FoundInterface {
  const addresses = eni.PrivateIpAddresses ?? [];
  const primary = addresses.filter((a) => a.Primary).map((a) => a.PrivateIpAddress ?? "");
  return {
    id: eni.NetworkInterfaceId ?? "",
    deviceIndex: eni.Attachment?.DeviceIndex ?? -1,
    networkCardIndex: eni.Attachment?.NetworkCardIndex ?? 0,
    attachmentId: eni.Attachment?.AttachmentId,
    subnetId: eni.SubnetId ?? "",
    groups: (eni.Groups ?? []).map((g) => groups.get(g.GroupId ?? "") ?? { id: g.GroupId ?? "", name: "", rules: [] }),
    privateIps: [...primary, ...addresses.filter((a) => !a.Primary).map((a) => a.PrivateIpAddress ?? "")],
    ipv6Count: (eni.Ipv6Addresses ?? []).length,
    sourceDestCheck: eni.SourceDestCheck ?? true,
    description: eni.Description ?? "",
    elasticIps: eips.filter((e) => e.networkInterfaceId === eni.NetworkInterfaceId),
  };
}

async function instanceOf(client: EC2Client, instanceId: string): Promise<Instance> {
  const found = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = found.Reservations?.[0]?.Instances?.[0];
  if (!instance) throw new VerifyError(`instance ${instanceId} does not exist in this region`);
  return instance;
}

async function standbyCandidates(client: EC2Client, instance: Instance): Promise<string[]> {
  const others = await client.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: "availability-zone", Values: [instance.Placement?.AvailabilityZone ?? ""] },
        { Name: "vpc-id", Values: [instance.VpcId ?? ""] },
        { Name: "instance-state-name", Values: ["running"] },
      ],
    }),
  );
  return (others.Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .map((i) => i.InstanceId ?? "")
    .filter((id) => id !== instance.InstanceId);
}

/** Reads the instance and everything around it that the component would manage. */
export async function discoverServer(client: EC2Client, instanceId: string): Promise<FoundServer> {
  const instance = await instanceOf(client, instanceId);
  const [enis, addresses, userData] = await Promise.all([
    client.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instanceId] }] }),
    ),
    client.send(new DescribeAddressesCommand({})),
    client.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: "userData" })),
  ]);
  const interfaces = enis.NetworkInterfaces ?? [];
  const groups = await groupsById(client, [
    ...new Set(interfaces.flatMap((e) => (e.Groups ?? []).map((g) => g.GroupId ?? ""))),
  ]);
  const eips = (addresses.Addresses ?? []).map((a): FoundElasticIp => ({
    allocationId: a.AllocationId ?? "",
    associationId: a.AssociationId,
    publicIp: a.PublicIp ?? "",
    privateIp: a.PrivateIpAddress,
    networkInterfaceId: a.NetworkInterfaceId,
    instanceId: a.InstanceId,
  }));
  const encoded = userData.UserData?.Value;
  return {
    instanceId,
    instanceType: instance.InstanceType ?? "",
    imageId: instance.ImageId ?? "",
    keyName: instance.KeyName,
    availabilityZone: instance.Placement?.AvailabilityZone ?? "",
    userData: encoded ? Buffer.from(encoded, "base64").toString("utf8") : undefined,
    tags: Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
    imdsv2Required:
      instance.MetadataOptions?.HttpTokens === "required" && instance.MetadataOptions?.HttpPutResponseHopLimit === 1,
    interfaces: interfaces
      .map((eni) => foundInterface(eni, groups, eips))
      .sort((a, b) => a.deviceIndex - b.deviceIndex),
    instanceElasticIps: eips.filter((e) => e.instanceId === instanceId && !e.networkInterfaceId),
    standbyCandidates: await standbyCandidates(client, instance),
  };
}
