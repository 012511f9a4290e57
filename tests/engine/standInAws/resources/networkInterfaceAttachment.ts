// TEST DOUBLE (part of the stand-in AWS provider): network interface attachments through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { describeInterface, detachInterface } from "../describe";
import { ec2Client } from "../awsClients";
import { ec2Refusal } from "../errors";
import { noInPlaceUpdate, type ResourceHandler } from "../resourceHandler";

export const attachment: ResourceHandler = {
  type: awsTypes.attachment,
  name: "EC2 Network Interface Attachment",
  async create(inputs) {
    const eni = await describeInterface(inputs.networkInterfaceId);
    if (eni?.Attachment && eni.Attachment.Status !== "detached") {
      throw ec2Refusal(
        "AttachNetworkInterface",
        "InvalidNetworkInterface.InUse",
        `Interface: [${inputs.networkInterfaceId}] in use by instance ${eni.Attachment.InstanceId}`,
      );
    }
    await ec2Client().send(
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
    // An import reads by the attachment's id alone, as the provider's read does (attachment-id filter).
    const eni =
      olds.networkInterfaceId === undefined
        ? (
            await ec2Client().send(
              new ec2.DescribeNetworkInterfacesCommand({
                Filters: [{ Name: "attachment.attachment-id", Values: [id] }],
              }),
            )
          ).NetworkInterfaces?.[0]
        : await describeInterface(olds.networkInterfaceId);
    if (!eni?.Attachment || eni.Attachment.AttachmentId !== id) return undefined;
    return {
      ...olds,
      id,
      networkInterfaceId: eni.NetworkInterfaceId,
      attachmentId: id,
      instanceId: eni.Attachment.InstanceId,
      deviceIndex: eni.Attachment.DeviceIndex,
      networkCardIndex: eni.Attachment.NetworkCardIndex ?? 0,
      status: eni.Attachment.Status,
    };
  },
  update: noInPlaceUpdate("NetworkInterfaceAttachment"),
  // resourceNetworkInterfaceAttachmentDelete: a forced detach, then a wait until it is done; an
  // attachment already gone (its instance terminated first) is no error.
  async delete(id, olds) {
    await detachInterface(olds.networkInterfaceId as string, id);
  },
};
