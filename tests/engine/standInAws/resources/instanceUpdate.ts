// TEST DOUBLE (part of the stand-in AWS provider): an instance's update in place, step by step as
// ec2/ec2_instance.go (resourceInstanceUpdate) makes it: the instance profile association, then
// each attribute that needs the instance stopped with its own stop, modify and start
// (modifyInstanceAttributeWithStopStart: "Only one attribute can be modified at a time"), then
// protection flags, monitoring, metadata options and the root volume (ModifyVolume), then tags.
import * as ec2 from "@aws-sdk/client-ec2";
import { ec2Client } from "../awsClients";
import { recordMonitoring } from "../keptState";
import type { Props } from "../resourceHandler";
import { updateTags } from "../tags";

/** A given input that differs from the state (an Optional and Computed input left out keeps its value). */
const changed = (olds: Props, news: Props, key: string) =>
  news[key] !== undefined && JSON.stringify(news[key]) !== JSON.stringify(olds[key]);

const modifyAttribute = (id: string, input: Omit<ec2.ModifyInstanceAttributeCommandInput, "InstanceId">) =>
  ec2Client().send(new ec2.ModifyInstanceAttributeCommand({ InstanceId: id, ...input }));

/** modifyInstanceAttributeWithStopStart: stop, modify one attribute, start. */
async function withStopStart(id: string, input: Omit<ec2.ModifyInstanceAttributeCommandInput, "InstanceId">) {
  await ec2Client().send(new ec2.StopInstancesCommand({ InstanceIds: [id] }));
  await modifyAttribute(id, input);
  await ec2Client().send(new ec2.StartInstancesCommand({ InstanceIds: [id] }));
}

/** The instance profile: associated, the association replaced, or removed. */
async function updateInstanceProfile(id: string, profile: string): Promise<void> {
  const associations = await ec2Client().send(
    new ec2.DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: "instance-id", Values: [id] }] }),
  );
  const current = (associations.IamInstanceProfileAssociations ?? []).find(
    (a) => a.State === "associated" || a.State === "associating",
  );
  if (profile && !current) {
    await ec2Client().send(
      new ec2.AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: profile } }),
    );
  } else if (profile && current) {
    await ec2Client().send(
      new ec2.ReplaceIamInstanceProfileAssociationCommand({
        AssociationId: current.AssociationId,
        IamInstanceProfile: { Name: profile },
      }),
    );
  } else if (current) {
    await ec2Client().send(new ec2.DisassociateIamInstanceProfileCommand({ AssociationId: current.AssociationId }));
  }
}

/** root_block_device: size, type, IOPS and throughput through ModifyVolume, delete-on-termination on the instance. */
async function updateRootVolume(id: string, olds: Props, news: Props): Promise<void> {
  const was = (olds.rootBlockDevice ?? {}) as Props;
  const now = (news.rootBlockDevice ?? {}) as Props;
  const modification: Omit<ec2.ModifyVolumeCommandInput, "VolumeId"> = {};
  if (changed(was, now, "volumeSize")) modification.Size = now.volumeSize as number;
  if (changed(was, now, "volumeType")) modification.VolumeType = now.volumeType as ec2.VolumeType;
  if (changed(was, now, "iops")) modification.Iops = now.iops as number;
  if (changed(was, now, "throughput")) modification.Throughput = now.throughput as number;
  if (Object.keys(modification).length > 0) {
    await ec2Client().send(new ec2.ModifyVolumeCommand({ VolumeId: was.volumeId as string, ...modification }));
  }
  if ((now.deleteOnTermination ?? true) !== (was.deleteOnTermination ?? true)) {
    await modifyAttribute(id, {
      BlockDeviceMappings: [
        {
          DeviceName: was.deviceName as string,
          Ebs: { DeleteOnTermination: (now.deleteOnTermination ?? true) as boolean },
        },
      ],
    });
  }
}

export async function updateInstance(id: string, olds: Props, news: Props): Promise<void> {
  if (changed(olds, news, "iamInstanceProfile")) await updateInstanceProfile(id, news.iamInstanceProfile as string);
  if (changed(olds, news, "instanceType")) {
    await withStopStart(id, { InstanceType: { Value: news.instanceType as string } });
  }
  if (changed(olds, news, "userData")) {
    // EC2 takes the user data's bytes, which the SDK base64-encodes once; moto decodes the blob and
    // then wants base64 text again, so the stand-in hands it the base64 text's bytes.
    const encoded = Buffer.from((news.userData as string) ?? "").toString("base64");
    await withStopStart(id, { UserData: { Value: Buffer.from(encoded) } });
  }
  if (changed(olds, news, "disableApiStop")) {
    await modifyAttribute(id, { DisableApiStop: { Value: news.disableApiStop as boolean } });
  }
  if (changed(olds, news, "disableApiTermination")) {
    await modifyAttribute(id, { DisableApiTermination: { Value: news.disableApiTermination as boolean } });
  }
  // MonitorInstances / UnmonitorInstances, which moto does not implement (keptState.ts).
  if (changed(olds, news, "monitoring")) await recordMonitoring(id, news.monitoring === true);
  const given = (news.metadataOptions ?? {}) as Props;
  if (Object.keys(given).some((key) => changed((olds.metadataOptions ?? {}) as Props, given, key))) {
    const m = (news.metadataOptions ?? {}) as Props;
    await ec2Client().send(
      new ec2.ModifyInstanceMetadataOptionsCommand({
        InstanceId: id,
        HttpEndpoint: m.httpEndpoint as ec2.InstanceMetadataEndpointState,
        HttpTokens: m.httpTokens as ec2.HttpTokensState,
        HttpPutResponseHopLimit: m.httpPutResponseHopLimit as number,
      }),
    );
  }
  if (news.rootBlockDevice !== undefined) await updateRootVolume(id, olds, news);
  await updateTags(id, olds, news);
}
