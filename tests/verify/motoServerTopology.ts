// Builds a dual-homed server's topology in moto through the EC2 API, the way the component lays
// it out, and the stack outputs that describe it. Variants break one thing each.
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import type { ServerOutputs } from "../../scripts/verify/stackOutputs";
import { createVpcWithSubnets, motoEc2Client } from "../../scripts/local/motoTopology";

export type TopologyFlaw = "none" | "interface-in-other-zone" | "elastic-ip-on-wrong-address" | "extra-interface";

export async function createServerTopology(endpoint: string, flaw: TopologyFlaw): Promise<ServerOutputs> {
  const ec2 = motoEc2Client(endpoint);
  try {
    const vpc = await createVpcWithSubnets(endpoint);
    const group = async (name: string) =>
      (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpc.vpcId })))
        .GroupId!;
    const [sg0, sg1] = [await group(`web-eth0-sg-${flaw}`), await group(`web-eth1-sg-${flaw}`)];
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId!;
    // As the component does: eth0 is its own interface, the instance launches on it and has no
    // instance-level groups (moto would also report those on every attached interface).
    const eth0 = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: vpc.subnets.a1, Groups: [sg0] })))
      .NetworkInterface!;
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: image,
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: eth0.NetworkInterfaceId }],
      }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    const eth1Subnet = flaw === "interface-in-other-zone" ? vpc.subnets.b1 : vpc.subnets.a2;
    const twoAddresses = flaw === "elastic-ip-on-wrong-address";
    const eth1 = (
      await ec2.send(
        new CreateNetworkInterfaceCommand({
          SubnetId: eth1Subnet,
          Groups: [sg1],
          SecondaryPrivateIpAddressCount: twoAddresses ? 1 : 0,
        }),
      )
    ).NetworkInterface!;
    await ec2.send(
      new AttachNetworkInterfaceCommand({
        InstanceId: instanceId,
        NetworkInterfaceId: eth1.NetworkInterfaceId!,
        DeviceIndex: 1,
      }),
    );
    if (flaw === "extra-interface") {
      const extra = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: vpc.subnets.a1, Groups: [sg1] })))
        .NetworkInterface!;
      await ec2.send(
        new AttachNetworkInterfaceCommand({
          InstanceId: instanceId,
          NetworkInterfaceId: extra.NetworkInterfaceId!,
          DeviceIndex: 2,
        }),
      );
    }
    const eth1Primary = eth1.PrivateIpAddresses!.find((p) => p.Primary)!.PrivateIpAddress!;
    const eth1Secondary = eth1.PrivateIpAddresses!.find((p) => !p.Primary)?.PrivateIpAddress;
    const eip = async (networkInterfaceId: string, privateIp: string) => {
      const address = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      await ec2.send(
        new AssociateAddressCommand({
          AllocationId: address.AllocationId,
          NetworkInterfaceId: networkInterfaceId,
          PrivateIpAddress: privateIp,
        }),
      );
      return address.PublicIp!;
    };
    const eip0 = await eip(eth0.NetworkInterfaceId!, eth0.PrivateIpAddress!);
    const eip1 = await eip(eth1.NetworkInterfaceId!, eth1Primary);
    // moto binds every association to the interface's primary address, so the second address of
    // eth1 gets no Elastic IP here; the flawed variant puts one on eth0 instead of eth1.
    const wrongEip = twoAddresses ? await eip(eth0.NetworkInterfaceId!, eth0.PrivateIpAddress!) : undefined;
    return {
      instanceId,
      availabilityZone: "us-east-1a",
      interfaces: [
        {
          deviceIndex: 0,
          networkInterfaceId: eth0.NetworkInterfaceId!,
          securityGroupId: sg0,
          securityGroupIds: [sg0],
          networkCardIndex: 0,
          privateIps: [eth0.PrivateIpAddress!],
          publicIps: [eip0],
          allowsHttp: true,
          httpSources: ["0.0.0.0/0"],
          ipv6Addresses: [],
          ipv6HttpSources: [],
        },
        {
          deviceIndex: 1,
          networkInterfaceId: eth1.NetworkInterfaceId!,
          securityGroupId: sg1,
          securityGroupIds: [sg1],
          networkCardIndex: 0,
          privateIps: wrongEip && eth1Secondary ? [eth1Primary, eth1Secondary] : [eth1Primary],
          publicIps: wrongEip ? [eip1, wrongEip] : [eip1],
          allowsHttp: false,
          httpSources: [],
          ipv6Addresses: [],
          ipv6HttpSources: [],
        },
      ],
    };
  } finally {
    ec2.destroy();
  }
}
