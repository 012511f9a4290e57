// TEST DOUBLE (part of the stand-in AWS provider): instances through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { ec2Client } from "../awsClients";
import { unlessNotFound } from "../errors";
import type { Props, ResourceHandler } from "../resourceHandler";
import { tagSpec, tagsOf, updateTags } from "../tags";

async function describeInstance(id: string): Promise<ec2.Instance | undefined> {
  const out = await unlessNotFound(() => ec2Client().send(new ec2.DescribeInstancesCommand({ InstanceIds: [id] })));
  return out?.Reservations?.[0]?.Instances?.[0];
}

/**
 * The root volume as RunInstances takes it: on the image's root device, its size and snapshot the
 * image's unless given (what EC2 fills in itself; moto wants them spelt out).
 */
async function rootVolume(ami: string, root: Props | undefined): Promise<ec2.BlockDeviceMapping[] | undefined> {
  if (!root) return undefined;
  const image = (await unlessNotFound(() => ec2Client().send(new ec2.DescribeImagesCommand({ ImageIds: [ami] }))))
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

export const instance: ResourceHandler = {
  type: awsTypes.instance,
  name: "EC2 Instance",
  async create(inputs) {
    const metadata = inputs.metadataOptions ?? {};
    const out = await ec2Client().send(
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
    if (needsStop) await ec2Client().send(new ec2.StopInstancesCommand({ InstanceIds: [id] }));
    if (olds.instanceType !== news.instanceType) {
      await ec2Client().send(
        new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: news.instanceType } }),
      );
    }
    if (olds.userData !== news.userData) {
      await ec2Client().send(
        new ec2.ModifyInstanceAttributeCommand({
          InstanceId: id,
          UserData: { Value: Buffer.from(news.userData ?? "") },
        }),
      );
    }
    if (needsStop) await ec2Client().send(new ec2.StartInstancesCommand({ InstanceIds: [id] }));
    if (JSON.stringify(olds.metadataOptions) !== JSON.stringify(news.metadataOptions)) {
      const m = news.metadataOptions ?? {};
      await ec2Client().send(
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
    await ec2Client().send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] }));
  },
};
