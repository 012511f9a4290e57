// TEST DOUBLE (part of the stand-in AWS provider): instances through the EC2 API of moto, as
// ec2/ec2_instance.go does them (resourceInstanceCreate, resourceInstanceRead, resourceInstanceDelete;
// the update is in instanceUpdate.ts). moto ignores Placement.GroupName and has no
// MonitorInstances: the group an instance was launched in and its monitoring state are kept by the
// stand-in (keptState.ts).
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { ec2Client } from "../awsClients";
import { ignoring, unlessNotFound } from "../errors";
import { checkGroupExists, forgetInstance, monitoringOf, placeInstance, placementOf } from "../keptState";
import type { Props, ResourceHandler } from "../resourceHandler";
import { tagSpec, tagsOf } from "../tags";
import { waitUntil } from "../waiting";
import { updateInstance } from "./instanceUpdate";

export async function describeInstance(id: string): Promise<ec2.Instance | undefined> {
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
        KmsKeyId: root.kmsKeyId,
        VolumeSize: root.volumeSize ?? fromImage?.VolumeSize ?? 8,
        SnapshotId: root.volumeSize === undefined ? fromImage?.SnapshotId : undefined,
        VolumeType: root.volumeType,
        Iops: root.iops,
        Throughput: root.throughput,
        DeleteOnTermination: root.deleteOnTermination ?? true,
      },
    },
  ];
}

/** moto's RunInstances ignores the root volume's Ebs.Throughput: the stand-in applies it right after launch. */
async function applyRootThroughput(id: string, root: Props | undefined): Promise<void> {
  if (root?.throughput === undefined) return;
  const found = await describeInstance(id);
  const volumeId = found?.BlockDeviceMappings?.find((m) => m.DeviceName === found.RootDeviceName)?.Ebs?.VolumeId;
  if (volumeId) {
    await ec2Client().send(new ec2.ModifyVolumeCommand({ VolumeId: volumeId, Throughput: root.throughput as number }));
  }
}

async function runInstance(inputs: Props): Promise<string> {
  const metadata = inputs.metadataOptions ?? {};
  const primary = inputs.primaryNetworkInterface as Props | undefined;
  if (inputs.placementGroup) await checkGroupExists(inputs.placementGroup as string);
  const out = await ec2Client().send(
    new ec2.RunInstancesCommand({
      ImageId: inputs.ami,
      InstanceType: inputs.instanceType,
      MinCount: 1,
      MaxCount: 1,
      KeyName: inputs.keyName,
      UserData: inputs.userData ? Buffer.from(inputs.userData as string).toString("base64") : undefined,
      NetworkInterfaces: primary
        ? [{ NetworkInterfaceId: primary.networkInterfaceId as string, DeviceIndex: 0, NetworkCardIndex: 0 }]
        : undefined,
      SubnetId: primary ? undefined : inputs.subnetId,
      MetadataOptions: {
        HttpEndpoint: metadata.httpEndpoint,
        HttpTokens: metadata.httpTokens,
        HttpPutResponseHopLimit: metadata.httpPutResponseHopLimit,
      },
      BlockDeviceMappings: await rootVolume(inputs.ami as string, inputs.rootBlockDevice as Props | undefined),
      IamInstanceProfile: inputs.iamInstanceProfile ? { Name: inputs.iamInstanceProfile as string } : undefined,
      Monitoring: inputs.monitoring !== undefined ? { Enabled: inputs.monitoring as boolean } : undefined,
      DisableApiTermination: inputs.disableApiTermination as boolean | undefined,
      DisableApiStop: inputs.disableApiStop as boolean | undefined,
      Placement: inputs.placementGroup ? { GroupName: inputs.placementGroup as string } : undefined,
      TagSpecifications: tagSpec("instance", inputs.tags),
    }),
  );
  const id = out.Instances![0].InstanceId!;
  // moto drops RunInstances' DisableApiTermination, which EC2 applies at launch: applied here instead.
  if (inputs.disableApiTermination === true) {
    await ec2Client().send(
      new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }),
    );
  }
  if (inputs.placementGroup) await placeInstance(id, inputs.placementGroup as string);
  await applyRootThroughput(id, inputs.rootBlockDevice as Props | undefined);
  return id;
}

/** readBlockDevicesFromInstance: the root volume as DescribeVolumes reports it. */
async function readRootVolume(found: ec2.Instance): Promise<Props | undefined> {
  const mapping = found.BlockDeviceMappings?.find((m) => m.DeviceName === found.RootDeviceName);
  const volumeId = mapping?.Ebs?.VolumeId;
  if (!volumeId) return undefined;
  const volume = (await ec2Client().send(new ec2.DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
  return {
    deleteOnTermination: mapping?.Ebs?.DeleteOnTermination,
    deviceName: mapping?.DeviceName,
    encrypted: volume?.Encrypted,
    iops: volume?.Iops,
    kmsKeyId: volume?.KmsKeyId,
    throughput: volume?.Throughput,
    volumeId,
    volumeSize: volume?.Size,
    volumeType: volume?.VolumeType,
  };
}

/**
 * The name of the instance profile associated with the instance (the last part of its ARN), from
 * its association: moto's DescribeInstances keeps reporting the profile it was launched with.
 */
async function instanceProfileOf(id: string): Promise<string> {
  const associations = await ec2Client().send(
    new ec2.DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [id] }] }),
  );
  const current = (associations.IamInstanceProfileAssociations ?? []).find((a) => a.State === "associated");
  return current?.IamInstanceProfile?.Arn?.split("/").pop() ?? "";
}

/** DescribeInstanceAttribute for the attributes the read sets from it. */
async function attributes(id: string): Promise<Props> {
  const attribute = (name: ec2.InstanceAttributeName) =>
    ec2Client().send(new ec2.DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: name }));
  const userData = (await attribute("userData")).UserData?.Value;
  return {
    disableApiStop: (await attribute("disableApiStop")).DisableApiStop?.Value ?? false,
    disableApiTermination: (await attribute("disableApiTermination")).DisableApiTermination?.Value ?? false,
    // Provider v6 (pulumi-aws 7) stores user data in clear text, no longer its SHA-1 (the
    // Version 6 Upgrade Guide, resource/aws_instance).
    userData: userData ? Buffer.from(userData, "base64").toString("utf8") : undefined,
  };
}

async function readInstance(id: string, olds: Props): Promise<Props | undefined> {
  const found = await describeInstance(id);
  if (!found || found.State?.Name === "terminated") return undefined;
  const primary = found.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0);
  const metadata = found.MetadataOptions;
  const monitoring = (await monitoringOf(id)) ?? found.Monitoring?.State;
  return {
    ...olds,
    id,
    ami: found.ImageId,
    instanceType: found.InstanceType,
    availabilityZone: found.Placement?.AvailabilityZone,
    placementGroup: (await placementOf(id)) ?? "",
    privateIp: found.PrivateIpAddress,
    keyName: found.KeyName,
    primaryNetworkInterfaceId: primary?.NetworkInterfaceId,
    primaryNetworkInterface: primary && {
      networkInterfaceId: primary.NetworkInterfaceId,
      deleteOnTermination: primary.Attachment?.DeleteOnTermination ?? false,
    },
    sourceDestCheck: found.SourceDestCheck ?? primary?.SourceDestCheck ?? true,
    monitoring: monitoring === "enabled" || monitoring === "pending",
    iamInstanceProfile: await instanceProfileOf(id),
    metadataOptions: metadata
      ? {
          httpEndpoint: metadata.HttpEndpoint,
          httpTokens: metadata.HttpTokens,
          httpPutResponseHopLimit: metadata.HttpPutResponseHopLimit,
          instanceMetadataTags: metadata.InstanceMetadataTags,
        }
      : olds.metadataOptions,
    rootBlockDevice: (await readRootVolume(found)) ?? olds.rootBlockDevice,
    ...(await attributes(id)),
    instanceState: found.State?.Name,
    tags: tagsOf(found.Tags),
  };
}

export const instance: ResourceHandler = {
  type: awsTypes.instance,
  name: "EC2 Instance",
  async create(inputs) {
    const id = await runInstance(inputs);
    return { id, outs: (await readInstance(id, inputs))! };
  },
  read: readInstance,
  async update(id, olds, news) {
    await updateInstance(id, olds, news);
    return (await readInstance(id, news))!;
  },
  // resourceInstanceDelete: termination (and stop) protection turned off first, so the provider
  // terminates a protected instance (the component's `protect` is what stops that), then
  // TerminateInstances and a wait until it is terminated; an instance already gone is no error.
  async delete(id) {
    const modify = (input: Omit<ec2.ModifyInstanceAttributeCommandInput, "InstanceId">) =>
      ignoring(["InvalidInstanceID.NotFound"], () =>
        ec2Client().send(new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, ...input })),
      );
    await modify({ DisableApiTermination: { Value: false } });
    await modify({ DisableApiStop: { Value: false } });
    await ignoring(["InvalidInstanceID.NotFound"], () =>
      ec2Client().send(new ec2.TerminateInstancesCommand({ InstanceIds: [id] })),
    );
    await waitUntil(`${id} to terminate`, async () => {
      const state = (await describeInstance(id))?.State?.Name;
      return state === undefined || state === "terminated";
    });
    await forgetInstance(id);
  },
};
