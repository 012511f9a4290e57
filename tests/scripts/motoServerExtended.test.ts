// The moto server every test starts (scripts/local/moto_server_extended.py, a TEST DOUBLE extension
// of moto): network interfaces on several network cards, numbered per card as EC2 does, and Elastic
// IPs bound to the private address they were associated with.
import * as ec2 from "@aws-sdk/client-ec2";
import * as assert from "node:assert/strict";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";

describe("moto as the tests run it, with what EC2 does and moto 5.x does not", function () {
  this.timeout(60_000);
  const suite = motoVpcForSuite();
  let api: ec2.EC2Client;
  let instanceId: string;
  // Addresses written out: moto would pick them at random, and two picks may meet.
  const newInterface = async (...addresses: string[]) =>
    (
      await api.send(
        new ec2.CreateNetworkInterfaceCommand({
          SubnetId: suite.vpc.subnets.a1,
          PrivateIpAddresses: addresses.map((PrivateIpAddress, k) => ({ PrivateIpAddress, Primary: k === 0 })),
        }),
      )
    ).NetworkInterface!.NetworkInterfaceId!;
  const slots = async (ids: string[]) =>
    (await api.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids }))).NetworkInterfaces!.map(
      (e) => [e.NetworkInterfaceId, e.Attachment?.NetworkCardIndex, e.Attachment?.DeviceIndex],
    );

  before(async () => {
    api = motoEc2Client(suite.moto.endpoint);
    const image = (await api.send(new ec2.DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId!;
    const run = await api.send(
      new ec2.RunInstancesCommand({
        ImageId: image,
        InstanceType: "c6in.32xlarge",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: suite.vpc.subnets.a1,
        PrivateIpAddress: "10.0.1.10",
      }),
    );
    instanceId = run.Instances![0].InstanceId!;
  });
  after(() => api?.destroy());

  it("holds device index 1 on card 0 and on card 1 at once, and reports each on its card", async () => {
    const [first, second] = [await newInterface("10.0.1.30"), await newInterface("10.0.1.31")];
    await api.send(
      new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: first, InstanceId: instanceId, DeviceIndex: 1 }),
    );
    const attached = await api.send(
      new ec2.AttachNetworkInterfaceCommand({
        NetworkInterfaceId: second,
        InstanceId: instanceId,
        DeviceIndex: 1,
        NetworkCardIndex: 1,
      }),
    );
    assert.equal(attached.NetworkCardIndex, 1);
    assert.deepEqual(await slots([first, second]), [
      [first, 0, 1],
      [second, 1, 1],
    ]);
    const described = await api.send(new ec2.DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const held = described.Reservations![0].Instances![0].NetworkInterfaces!.map((e) => [
      e.Attachment?.NetworkCardIndex,
      e.Attachment?.DeviceIndex,
    ]);
    assert.deepEqual(
      held.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
      [
        [0, 0],
        [0, 1],
        [1, 1],
      ],
    );

    // Detached from card 1 and attached again without a card: card 0, the default.
    await api.send(new ec2.DetachNetworkInterfaceCommand({ AttachmentId: attached.AttachmentId! }));
    await api.send(
      new ec2.AttachNetworkInterfaceCommand({ NetworkInterfaceId: second, InstanceId: instanceId, DeviceIndex: 2 }),
    );
    assert.deepEqual(await slots([second]), [[second, 0, 2]]);
  });

  it("binds an Elastic IP to the secondary address it names, and keeps the interface's own public IP", async () => {
    const [primary, secondary] = ["10.0.1.20", "10.0.1.21"];
    const eni = await newInterface(primary, secondary);
    const associate = async (PrivateIpAddress?: string) => {
      const eip = await api.send(new ec2.AllocateAddressCommand({ Domain: "vpc" }));
      const done = await api.send(
        new ec2.AssociateAddressCommand({ AllocationId: eip.AllocationId, NetworkInterfaceId: eni, PrivateIpAddress }),
      );
      return { publicIp: eip.PublicIp!, associationId: done.AssociationId! };
    };
    const onPrimary = await associate();
    const onSecondary = await associate(secondary);
    const bound = async (privateIp: string) =>
      (
        await api.send(
          new ec2.DescribeAddressesCommand({ Filters: [{ Name: "private-ip-address", Values: [privateIp] }] }),
        )
      ).Addresses!.map((a) => [a.PublicIp, a.NetworkInterfaceId, a.PrivateIpAddress]);
    assert.deepEqual(await bound(primary), [[onPrimary.publicIp, eni, primary]]);
    assert.deepEqual(await bound(secondary), [[onSecondary.publicIp, eni, secondary]]);
    const ownPublicIp = async () =>
      (await api.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }))).NetworkInterfaces![0]
        .Association?.PublicIp;
    assert.equal(await ownPublicIp(), onPrimary.publicIp);

    await api.send(new ec2.DisassociateAddressCommand({ AssociationId: onSecondary.associationId }));
    assert.deepEqual(await bound(secondary), []);
    assert.equal(await ownPublicIp(), onPrimary.publicIp);
    // 10.0.1.22: in the subnet, held by no interface.
    await assert.rejects(associate("10.0.1.22"), /InvalidParameterValue/);
  });
});
