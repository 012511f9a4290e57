// TEST DOUBLE (part of the stand-in AWS provider): create, read, update and delete of the resources
// the component declares, through the EC2 API of the moto emulator, the way the AWS provider does
// them. Errors from EC2 pass through unchanged. Where moto does not enforce a rule AWS enforces,
// the double enforces it with AWS's own error code, so the engine meets what it would meet on AWS:
// - an interface already attached cannot be attached again (InvalidNetworkInterface.InUse);
// - a security group still used by an interface cannot be deleted (DependencyViolation).
// moto also ignores AssociateAddress's PrivateIpAddress (it binds the primary address), so an
// association's private address is kept as requested rather than read back.
import * as ec2 from "@aws-sdk/client-ec2";
import { crc32 } from "node:zlib";

type Props = Record<string, any>;

export interface ResourceHandler {
  create(inputs: Props, logicalName: string): Promise<{ id: string; outs: Props }>;
  /** The resource as EC2 reports it, or undefined when it no longer exists. */
  read(id: string, olds: Props): Promise<Props | undefined>;
  update(id: string, olds: Props, news: Props): Promise<Props>;
  delete(id: string, olds: Props): Promise<void>;
}

let client: ec2.EC2Client | undefined;
function api(): ec2.EC2Client {
  client ??= new ec2.EC2Client({
    endpoint: process.env.STAND_IN_AWS_ENDPOINT,
    region: process.env.AWS_REGION ?? "us-east-1",
  });
  return client;
}

/** An error as the EC2 API returns it (code and message), for rules moto does not enforce. */
function awsError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { name: code, Code: code });
}

function isNotFound(err: unknown): boolean {
  return /NotFound|does not exist/.test(String((err as Error)?.name ?? "") + String((err as Error)?.message ?? ""));
}

/** The call's result, or undefined when EC2 says the thing does not exist (or is already gone). */
async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The update of a resource whose every input forces a replacement: the engine never calls it. */
const noInPlaceUpdate = (type: string) => (_id: string, _olds: Props, news: Props) =>
  Promise.reject(new Error(`${type} has no in-place update (${JSON.stringify(news)})`));

const tagSpec = (resourceType: ec2.ResourceType, tags: Props | undefined): ec2.TagSpecification[] | undefined =>
  tags && Object.keys(tags).length > 0
    ? [
        {
          ResourceType: resourceType,
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) })),
        },
      ]
    : undefined;

const tagsOf = (tags: ec2.Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));

async function updateTags(id: string, olds: Props, news: Props): Promise<void> {
  const before: Record<string, string> = olds.tags ?? {};
  const after: Record<string, string> = news.tags ?? {};
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.entries(after).filter(([k, v]) => before[k] !== v);
  if (removed.length > 0) {
    await api().send(new ec2.DeleteTagsCommand({ Resources: [id], Tags: removed.map((Key) => ({ Key })) }));
  }
  if (changed.length > 0) {
    await api().send(
      new ec2.CreateTagsCommand({ Resources: [id], Tags: changed.map(([Key, Value]) => ({ Key, Value })) }),
    );
  }
}

async function describeInterface(id: string): Promise<ec2.NetworkInterface | undefined> {
  const out = await unlessNotFound(() =>
    api().send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] })),
  );
  return out?.NetworkInterfaces?.[0];
}

/**
 * `n` addresses EC2 could hand out in a subnet now: inside its CIDR block, not one of the five it
 * reserves (the first four and the last), not held by an interface. moto picks at random from the
 * whole block, reserved addresses included, so the stand-in picks as EC2 would and names them.
 */
async function freeAddresses(subnetId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const subnet = (await api().send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0];
  const [network, prefix] = (subnet?.CidrBlock ?? "").split("/");
  const toNumber = (ip: string) => ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const toIp = (v: number) => [24, 16, 8, 0].map((shift) => Math.floor(v / 2 ** shift) % 256).join(".");
  const first = toNumber(network);
  const size = 2 ** (32 - Number(prefix));
  const held = await api().send(
    new ec2.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "subnet-id", Values: [subnetId] }] }),
  );
  const used = new Set(
    (held.NetworkInterfaces ?? []).flatMap((eni) => (eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)),
  );
  const picked: string[] = [];
  for (let tries = 0; picked.length < n && tries < size * 4; tries++) {
    const candidate = toIp(first + 4 + Math.floor(Math.random() * (size - 5)));
    if (!used.has(candidate)) {
      used.add(candidate);
      picked.push(candidate);
    }
  }
  if (picked.length < n) {
    throw Object.assign(new Error(`api error InsufficientFreeAddressesInSubnet: subnet ${subnetId} is full`), {
      name: "InsufficientFreeAddressesInSubnet",
    });
  }
  return picked;
}

/**
 * The secondary addresses the provider unassigns when `privateIpsCount` is lowered by `n`: the
 * first `n` of its `private_ips` set in iteration order, which for a set of strings is the order of
 * the strings' CRC-32 hash codes compared as decimal text, not the order EC2 assigned them.
 */
export function addressesUnassignedOnLowering(secondaries: string[], n: number): string[] {
  return setOrder(secondaries).slice(0, n);
}

/** The order the provider iterates a set of strings in: their CRC-32 hash codes compared as decimal text. */
export function setOrder(values: string[]): string[] {
  const code = (value: string) => String(crc32(value));
  return [...values].sort((a, b) => (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------

const securityGroup: ResourceHandler = {
  async create(inputs) {
    const out = await api().send(
      new ec2.CreateSecurityGroupCommand({
        GroupName: inputs.name,
        Description: inputs.description ?? "Managed by Pulumi",
        VpcId: inputs.vpcId,
        TagSpecifications: tagSpec("security-group", inputs.tags),
      }),
    );
    const id = out.GroupId!;
    // As the provider does: remove AWS's default allow-all egress rule; egress is declared.
    await api().send(
      new ec2.RevokeSecurityGroupEgressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
    return { id, outs: (await securityGroup.read(id, inputs))! };
  },
  async read(id, olds) {
    const out = await unlessNotFound(() => api().send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [id] })));
    const group = out?.SecurityGroups?.[0];
    if (!group) return undefined;
    return {
      ...olds,
      id,
      name: group.GroupName,
      description: group.Description,
      vpcId: group.VpcId,
      ownerId: group.OwnerId,
      tags: tagsOf(group.Tags),
    };
  },
  async update(id, olds, news) {
    await updateTags(id, olds, news);
    return (await securityGroup.read(id, news))!;
  },
  async delete(id) {
    const users = await api().send(
      new ec2.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "group-id", Values: [id] }] }),
    );
    const user = users.NetworkInterfaces?.[0];
    if (user) {
      throw awsError(
        "DependencyViolation",
        `resource ${id} has a dependent object (network interface ${user.NetworkInterfaceId})`,
      );
    }
    await api().send(new ec2.DeleteSecurityGroupCommand({ GroupId: id }));
  },
};

function securityGroupRule(direction: "ingress" | "egress"): ResourceHandler {
  const permission = (p: Props): ec2.IpPermission => ({
    IpProtocol: p.ipProtocol,
    FromPort: p.ipProtocol === "-1" ? undefined : p.fromPort,
    ToPort: p.ipProtocol === "-1" ? undefined : p.toPort,
    IpRanges: p.cidrIpv4 ? [{ CidrIp: p.cidrIpv4, Description: p.description }] : undefined,
    Ipv6Ranges: p.cidrIpv6 ? [{ CidrIpv6: p.cidrIpv6, Description: p.description }] : undefined,
  });
  const handler: ResourceHandler = {
    async create(inputs) {
      const request = { GroupId: inputs.securityGroupId, IpPermissions: [permission(inputs)] };
      const out =
        direction === "ingress"
          ? await api().send(new ec2.AuthorizeSecurityGroupIngressCommand(request))
          : await api().send(new ec2.AuthorizeSecurityGroupEgressCommand(request));
      const id = out.SecurityGroupRules?.[0]?.SecurityGroupRuleId;
      if (!id) throw new Error(`EC2 returned no rule id for the ${direction} rule of ${inputs.securityGroupId}`);
      return { id, outs: (await handler.read(id, inputs))! };
    },
    async read(id, olds) {
      const out = await api().send(new ec2.DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [id] }));
      const rule = out.SecurityGroupRules?.find((r) => r.SecurityGroupRuleId === id);
      if (!rule) return undefined;
      return {
        ...olds,
        id,
        securityGroupRuleId: id,
        securityGroupId: rule.GroupId,
        ipProtocol: rule.IpProtocol,
        ...(rule.IpProtocol === "-1" ? {} : { fromPort: rule.FromPort, toPort: rule.ToPort }),
        ...(rule.CidrIpv4 ? { cidrIpv4: rule.CidrIpv4 } : {}),
        ...(rule.CidrIpv6 ? { cidrIpv6: rule.CidrIpv6 } : {}),
        description: rule.Description || olds.description,
      };
    },
    async update(id, _olds, news) {
      await api().send(
        new ec2.ModifySecurityGroupRulesCommand({
          GroupId: news.securityGroupId,
          SecurityGroupRules: [
            {
              SecurityGroupRuleId: id,
              SecurityGroupRule: {
                IpProtocol: news.ipProtocol,
                FromPort: news.fromPort,
                ToPort: news.toPort,
                CidrIpv4: news.cidrIpv4,
                CidrIpv6: news.cidrIpv6,
                Description: news.description,
              },
            },
          ],
        }),
      );
      return (await handler.read(id, news))!;
    },
    async delete(id, olds) {
      const request = { GroupId: olds.securityGroupId, SecurityGroupRuleIds: [id] };
      if (direction === "ingress") await api().send(new ec2.RevokeSecurityGroupIngressCommand(request));
      else await api().send(new ec2.RevokeSecurityGroupEgressCommand(request));
    },
  };
  return handler;
}

const networkInterface: ResourceHandler = {
  async create(inputs) {
    const out = await api().send(
      new ec2.CreateNetworkInterfaceCommand({
        SubnetId: inputs.subnetId,
        Groups: inputs.securityGroups,
        // As the provider does with its `private_ips` set: the first in set order is the primary.
        // A count gets addresses EC2 could pick (see freeAddresses), primary first.
        PrivateIpAddresses: (inputs.privateIps
          ? setOrder(inputs.privateIps as string[])
          : await freeAddresses(inputs.subnetId as string, 1 + ((inputs.privateIpsCount as number) || 0))
        ).map((ip, i) => ({ PrivateIpAddress: ip, Primary: i === 0 })),
        Ipv6AddressCount: inputs.ipv6AddressCount || undefined,
        Description: inputs.description,
        TagSpecifications: tagSpec("network-interface", inputs.tags),
      }),
    );
    const id = out.NetworkInterface!.NetworkInterfaceId!;
    if (inputs.sourceDestCheck === false) {
      await api().send(
        new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: { Value: false } }),
      );
    }
    return { id, outs: (await networkInterface.read(id, inputs))! };
  },
  async read(id, olds) {
    const eni = await describeInterface(id);
    if (!eni) return undefined;
    const listed = (eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress!);
    return {
      ...olds,
      id,
      subnetId: eni.SubnetId,
      privateIp: eni.PrivateIpAddress,
      // EC2's own order (primary first, then as assigned), as the provider's privateIpLists.
      privateIpLists: listed,
      privateIps: [...listed].sort(),
      privateIpsCount: listed.length - 1,
      ipv6AddressLists: (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!),
      ipv6Addresses: (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address!).sort(),
      ipv6AddressCount: (eni.Ipv6Addresses ?? []).length,
      securityGroups: (eni.Groups ?? []).map((g) => g.GroupId!),
      sourceDestCheck: eni.SourceDestCheck,
      description: eni.Description ?? olds.description,
      macAddress: eni.MacAddress,
      tags: tagsOf(eni.TagSet),
    };
  },
  async update(id, olds, news) {
    if (JSON.stringify(olds.securityGroups) !== JSON.stringify(news.securityGroups)) {
      await api().send(
        new ec2.ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: news.securityGroups }),
      );
    }
    if (olds.description !== news.description) {
      await api().send(
        new ec2.ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: id,
          Description: { Value: news.description ?? "" },
        }),
      );
    }
    if ((olds.sourceDestCheck ?? true) !== (news.sourceDestCheck ?? true)) {
      await api().send(
        new ec2.ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: id,
          SourceDestCheck: { Value: news.sourceDestCheck ?? true },
        }),
      );
    }
    let before = olds.privateIpsCount ?? 0;
    const after = news.privateIpsCount ?? 0;
    if (news.privateIps !== undefined) {
      // The provider's set form: exactly the removed addresses go and the added ones come.
      const was = new Set(olds.privateIps as string[]);
      const now = new Set(news.privateIps as string[]);
      const removed = [...was].filter((ip) => !now.has(ip));
      const added = [...now].filter((ip) => !was.has(ip));
      if (removed.includes(olds.privateIp as string)) {
        // EC2 refuses this (moto does not check it).
        throw Object.assign(
          new Error(
            `api error InvalidParameterValue: the primary private address ${String(olds.privateIp)} cannot be unassigned`,
          ),
          { name: "InvalidParameterValue" },
        );
      }
      if (removed.length > 0) {
        await api().send(
          new ec2.UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: removed }),
        );
      }
      if (added.length > 0) {
        await api().send(
          new ec2.AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, PrivateIpAddresses: added }),
        );
      }
      before += added.length - removed.length;
    }
    if (after > before) {
      await api().send(
        new ec2.AssignPrivateIpAddressesCommand({
          NetworkInterfaceId: id,
          PrivateIpAddresses: await freeAddresses(olds.subnetId as string, after - before),
        }),
      );
    } else if (after < before) {
      const secondaries = (olds.privateIps as string[]).filter((ip) => ip !== olds.privateIp);
      await api().send(
        new ec2.UnassignPrivateIpAddressesCommand({
          NetworkInterfaceId: id,
          PrivateIpAddresses: addressesUnassignedOnLowering(secondaries, before - after),
        }),
      );
    }
    const ipv6Before = olds.ipv6AddressCount ?? 0;
    const ipv6After = news.ipv6AddressCount ?? ipv6Before;
    if (ipv6After > ipv6Before) {
      await api().send(
        new ec2.AssignIpv6AddressesCommand({ NetworkInterfaceId: id, Ipv6AddressCount: ipv6After - ipv6Before }),
      );
    } else if (ipv6After < ipv6Before) {
      // As the provider does: the first addresses of its unordered ipv6Addresses set.
      await api().send(
        new ec2.UnassignIpv6AddressesCommand({
          NetworkInterfaceId: id,
          Ipv6Addresses: addressesUnassignedOnLowering(olds.ipv6Addresses as string[], ipv6Before - ipv6After),
        }),
      );
    }
    await updateTags(id, olds, news);
    return (await networkInterface.read(id, news))!;
  },
  async delete(id) {
    await api().send(new ec2.DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id }));
  },
};

async function describeInstance(id: string): Promise<ec2.Instance | undefined> {
  const out = await unlessNotFound(() => api().send(new ec2.DescribeInstancesCommand({ InstanceIds: [id] })));
  return out?.Reservations?.[0]?.Instances?.[0];
}

/**
 * The root volume as RunInstances takes it: on the image's root device, its size and snapshot the
 * image's unless given (what EC2 fills in itself; moto wants them spelt out).
 */
async function rootVolume(ami: string, root: Props | undefined): Promise<ec2.BlockDeviceMapping[] | undefined> {
  if (!root) return undefined;
  const image = (await unlessNotFound(() => api().send(new ec2.DescribeImagesCommand({ ImageIds: [ami] }))))
    ?.Images?.[0];
  const deviceName = image?.RootDeviceName ?? "/dev/xvda";
  const fromImage = image?.BlockDeviceMappings?.find((m) => m.DeviceName === deviceName)?.Ebs;
  return [
    {
      DeviceName: deviceName,
      Ebs: {
        Encrypted: root.encrypted,
        VolumeSize: root.volumeSize ?? fromImage?.VolumeSize ?? 8,
        SnapshotId: root.volumeSize === undefined ? fromImage?.SnapshotId : undefined,
        VolumeType: root.volumeType,
        DeleteOnTermination: root.deleteOnTermination ?? true,
      },
    },
  ];
}

const instance: ResourceHandler = {
  async create(inputs) {
    const metadata = inputs.metadataOptions ?? {};
    const out = await api().send(
      new ec2.RunInstancesCommand({
        ImageId: inputs.ami,
        InstanceType: inputs.instanceType,
        MinCount: 1,
        MaxCount: 1,
        KeyName: inputs.keyName,
        UserData: inputs.userData ? Buffer.from(inputs.userData).toString("base64") : undefined,
        NetworkInterfaces: inputs.primaryNetworkInterface
          ? [{ NetworkInterfaceId: inputs.primaryNetworkInterface.networkInterfaceId, DeviceIndex: 0 }]
          : undefined,
        SubnetId: inputs.primaryNetworkInterface ? undefined : inputs.subnetId,
        MetadataOptions: {
          HttpEndpoint: metadata.httpEndpoint,
          HttpTokens: metadata.httpTokens,
          HttpPutResponseHopLimit: metadata.httpPutResponseHopLimit,
        },
        BlockDeviceMappings: await rootVolume(inputs.ami, inputs.rootBlockDevice),
        TagSpecifications: tagSpec("instance", inputs.tags),
      }),
    );
    const id = out.Instances![0].InstanceId!;
    return { id, outs: (await instance.read(id, inputs))! };
  },
  async read(id, olds) {
    const found = await describeInstance(id);
    if (!found || found.State?.Name === "terminated") return undefined;
    const primary = found.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0);
    return {
      ...olds,
      id,
      ami: found.ImageId,
      instanceType: found.InstanceType,
      availabilityZone: found.Placement?.AvailabilityZone,
      privateIp: found.PrivateIpAddress,
      primaryNetworkInterfaceId: primary?.NetworkInterfaceId,
      instanceState: found.State?.Name,
      tags: tagsOf(found.Tags),
    };
  },
  async update(id, olds, news) {
    // The provider stops the instance to change its type or user data, then starts it again.
    const needsStop = olds.instanceType !== news.instanceType || olds.userData !== news.userData;
    if (needsStop) await api().send(new ec2.StopInstancesCommand({ InstanceIds: [id] }));
    if (olds.instanceType !== news.instanceType) {
      await api().send(
        new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: news.instanceType } }),
      );
    }
    if (olds.userData !== news.userData) {
      await api().send(
        new ec2.ModifyInstanceAttributeCommand({
          InstanceId: id,
          UserData: { Value: Buffer.from(news.userData ?? "") },
        }),
      );
    }
    if (needsStop) await api().send(new ec2.StartInstancesCommand({ InstanceIds: [id] }));
    if (JSON.stringify(olds.metadataOptions) !== JSON.stringify(news.metadataOptions)) {
      const m = news.metadataOptions ?? {};
      await api().send(
        new ec2.ModifyInstanceMetadataOptionsCommand({
          InstanceId: id,
          HttpEndpoint: m.httpEndpoint,
          HttpTokens: m.httpTokens,
          HttpPutResponseHopLimit: m.httpPutResponseHopLimit,
        }),
      );
    }
    await updateTags(id, olds, news);
    return (await instance.read(id, news))!;
  },
  async delete(id) {
    await api().send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] }));
  },
};

const attachment: ResourceHandler = {
  async create(inputs) {
    const eni = await describeInterface(inputs.networkInterfaceId);
    if (eni?.Attachment && eni.Attachment.Status !== "detached") {
      throw awsError(
        "InvalidNetworkInterface.InUse",
        `Interface: [${inputs.networkInterfaceId}] in use by instance ${eni.Attachment.InstanceId}`,
      );
    }
    await api().send(
      new ec2.AttachNetworkInterfaceCommand({
        InstanceId: inputs.instanceId,
        NetworkInterfaceId: inputs.networkInterfaceId,
        DeviceIndex: inputs.deviceIndex,
        NetworkCardIndex: inputs.networkCardIndex,
      }),
    );
    // The attachment id as the interface reports it (moto's response carries a different one).
    const attached = await describeInterface(inputs.networkInterfaceId);
    const id = attached?.Attachment?.AttachmentId;
    if (!id) throw new Error(`${inputs.networkInterfaceId} reports no attachment after AttachNetworkInterface`);
    return { id, outs: (await attachment.read(id, inputs))! };
  },
  async read(id, olds) {
    const eni = await describeInterface(olds.networkInterfaceId);
    if (!eni?.Attachment || eni.Attachment.AttachmentId !== id) return undefined;
    return {
      ...olds,
      id,
      attachmentId: id,
      instanceId: eni.Attachment.InstanceId,
      deviceIndex: eni.Attachment.DeviceIndex,
      status: eni.Attachment.Status,
    };
  },
  update: noInPlaceUpdate("NetworkInterfaceAttachment"),
  async delete(id) {
    // Already detached, e.g. its instance was terminated first: what the provider also accepts.
    await unlessNotFound(() => api().send(new ec2.DetachNetworkInterfaceCommand({ AttachmentId: id })));
  },
};

async function describeAddress(filter: ec2.DescribeAddressesCommandInput): Promise<ec2.Address | undefined> {
  return (await unlessNotFound(() => api().send(new ec2.DescribeAddressesCommand(filter))))?.Addresses?.[0];
}

const eip: ResourceHandler = {
  async create(inputs) {
    const out = await api().send(
      new ec2.AllocateAddressCommand({ Domain: "vpc", TagSpecifications: tagSpec("elastic-ip", inputs.tags) }),
    );
    const id = out.AllocationId!;
    return { id, outs: (await eip.read(id, inputs))! };
  },
  async read(id, olds) {
    const address = await describeAddress({ AllocationIds: [id] });
    if (!address) return undefined;
    return {
      ...olds,
      id,
      allocationId: id,
      domain: "vpc",
      publicIp: address.PublicIp,
      associationId: address.AssociationId ?? "",
      networkInterface: address.NetworkInterfaceId ?? "",
      tags: tagsOf(address.Tags),
    };
  },
  async update(id, olds, news) {
    await updateTags(id, olds, news);
    return (await eip.read(id, news))!;
  },
  async delete(id) {
    await api().send(new ec2.ReleaseAddressCommand({ AllocationId: id }));
  },
};

const eipAssociation: ResourceHandler = {
  async create(inputs) {
    const out = await api().send(
      new ec2.AssociateAddressCommand({
        AllocationId: inputs.allocationId,
        NetworkInterfaceId: inputs.networkInterfaceId,
        InstanceId: inputs.instanceId,
        PrivateIpAddress: inputs.privateIpAddress,
        AllowReassociation: inputs.allowReassociation,
      }),
    );
    const id = out.AssociationId!;
    return { id, outs: (await eipAssociation.read(id, inputs))! };
  },
  async read(id, olds) {
    const address = await describeAddress({ Filters: [{ Name: "association-id", Values: [id] }] });
    if (!address) return undefined;
    return {
      ...olds,
      id,
      allocationId: address.AllocationId,
      networkInterfaceId: address.NetworkInterfaceId,
      publicIp: address.PublicIp,
      // moto binds the primary address whatever was asked: keep the requested one.
      privateIpAddress: olds.privateIpAddress ?? address.PrivateIpAddress,
    };
  },
  update: noInPlaceUpdate("EipAssociation"),
  async delete(id) {
    await unlessNotFound(() => api().send(new ec2.DisassociateAddressCommand({ AssociationId: id })));
  },
};

/** Handlers by type token. */
export const ec2Resources: Record<string, ResourceHandler> = {
  "aws:ec2/securityGroup:SecurityGroup": securityGroup,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": securityGroupRule("ingress"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": securityGroupRule("egress"),
  "aws:ec2/networkInterface:NetworkInterface": networkInterface,
  "aws:ec2/instance:Instance": instance,
  "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment": attachment,
  "aws:ec2/eip:Eip": eip,
  "aws:ec2/eipAssociation:EipAssociation": eipAssociation,
};
