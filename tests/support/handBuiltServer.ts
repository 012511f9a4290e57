import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachNetworkInterfaceCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  RunInstancesCommand,
  type EC2Client,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import { ipv4Block, ipv4InBlock, reservedInSubnet } from "dual-homed-server-rules";
import { motoEc2Client } from "../../scripts/local/motoTopology";

/** One secondary interface of a hand-built server. */
export interface HandBuiltInterface {
  /** Inbound rules of its own group. */
  ingress: IpPermission[];
  /** Secondary private addresses beside its primary one. */
  secondaryAddresses?: number;
  /** Whether each address gets an Elastic IP: all, none, or only the primary (a layout the component cannot express). */
  elasticIps: "all" | "none" | "primary-only";
  /** A port its group opens to eth0's group (a rule the component cannot express). */
  portFromEth0Group?: number;
}

/** What was built, with the ids a test compares the adoption with. */
export interface HandBuiltServer {
  instanceId: string;
  groupIds: string[];
  interfaceIds: string[];
  allocationIds: string[];
  publicIps: string[];
  /** The groups EC2 reports on each interface once built, by device index. */
  reportedGroups: string[][];
}

export const httpFromAnywhere: IpPermission = {
  IpProtocol: "tcp",
  FromPort: 80,
  ToPort: 80,
  IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "web" }],
};

/**
 * Hands out the subnet's free addresses in order from its tenth host, as a person typing them in
 * would: moto picks an interface's addresses at random over the whole block, AWS's five reserved ones
 * and addresses already held included, which the component (rightly) refuses to adopt.
 */
async function addressPicker(ec2: EC2Client, subnetId: string): Promise<() => string> {
  const cidr = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0].CidrBlock!;
  const interfaces = await ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "subnet-id", Values: [subnetId] }] }),
  );
  const held = new Set(
    (interfaces.NetworkInterfaces ?? []).flatMap((e) => (e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)),
  );
  let offset = 10;
  return () => {
    for (; offset < ipv4Block(cidr).size; offset++) {
      const address = ipv4InBlock(cidr, offset);
      if (!held.has(address) && !reservedInSubnet(cidr, address)) {
        held.add(address);
        return address;
      }
    }
    throw new Error(`no free address left in ${cidr}`);
  };
}

/**
 * Builds a server the way the walkthrough does by hand through the EC2 API: a security group per
 * interface, an instance launched in the subnet with the first group and a user data of its own,
 * each further interface created in the subnet with its own group and attached at the next device
 * index, and Elastic IPs allocated and associated with interface addresses.
 */
export async function buildByHand(
  endpoint: string,
  subnetId: string,
  vpcId: string,
  /** Prefixes the group names, which are unique in a VPC. */
  name: string,
  eth0Ingress: IpPermission[],
  secondaries: HandBuiltInterface[],
): Promise<HandBuiltServer> {
  const ec2 = motoEc2Client(endpoint);
  try {
    const group = async (name: string, ingress: IpPermission[]) => {
      const { GroupId } = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} by hand`, VpcId: vpcId }),
      );
      if (ingress.length > 0) {
        await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: ingress }));
      }
      return GroupId!;
    };
    const nextAddress = await addressPicker(ec2, subnetId);
    const groupIds = [await group(`${name}-web-sg`, eth0Ingress)];
    const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: image,
        InstanceType: "t3.large",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnetId,
        PrivateIpAddress: nextAddress(),
        SecurityGroupIds: [groupIds[0]],
        UserData: Buffer.from("#!/bin/bash\nyum install -y httpd\n").toString("base64"),
      }),
    );
    const instance = launched.Instances![0];
    const interfaceIds = [instance.NetworkInterfaces![0].NetworkInterfaceId!];
    const addresses: [string, string][] = [[interfaceIds[0], instance.PrivateIpAddress!]];
    for (const [i, eni] of secondaries.entries()) {
      const fromEth0Group: IpPermission[] = eni.portFromEth0Group
        ? [
            {
              IpProtocol: "tcp",
              FromPort: eni.portFromEth0Group,
              ToPort: eni.portFromEth0Group,
              UserIdGroupPairs: [{ GroupId: groupIds[0] }],
            },
          ]
        : [];
      const groupId = await group(`${name}-eth${i + 1}-sg`, [...eni.ingress, ...fromEth0Group]);
      groupIds.push(groupId);
      const created = await ec2.send(
        new CreateNetworkInterfaceCommand({
          SubnetId: subnetId,
          Groups: [groupId],
          Description: `eth${i + 1} by hand`,
          PrivateIpAddresses: Array.from({ length: 1 + (eni.secondaryAddresses ?? 0) }, (_, k) => ({
            PrivateIpAddress: nextAddress(),
            Primary: k === 0,
          })),
        }),
      );
      const id = created.NetworkInterface!.NetworkInterfaceId!;
      interfaceIds.push(id);
      await ec2.send(
        new AttachNetworkInterfaceCommand({
          NetworkInterfaceId: id,
          InstanceId: instance.InstanceId!,
          DeviceIndex: i + 1,
        }),
      );
      const ips = created.NetworkInterface!.PrivateIpAddresses!.map((a) => a.PrivateIpAddress!);
      const bound = eni.elasticIps === "all" ? ips : eni.elasticIps === "primary-only" ? ips.slice(0, 1) : [];
      for (const ip of bound) addresses.push([id, ip]);
    }
    const allocationIds: string[] = [];
    const publicIps: string[] = [];
    for (const [NetworkInterfaceId, PrivateIpAddress] of addresses) {
      const eip = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      await ec2.send(
        new AssociateAddressCommand({ AllocationId: eip.AllocationId, NetworkInterfaceId, PrivateIpAddress }),
      );
      allocationIds.push(eip.AllocationId!);
      publicIps.push(eip.PublicIp!);
    }
    const described = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: interfaceIds }));
    const reportedGroups = interfaceIds.map((id) =>
      (described.NetworkInterfaces!.find((e) => e.NetworkInterfaceId === id)!.Groups ?? []).map((g) => g.GroupId!),
    );
    return { instanceId: instance.InstanceId!, groupIds, interfaceIds, allocationIds, publicIps, reportedGroups };
  } finally {
    ec2.destroy();
  }
}
