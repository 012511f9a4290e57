// TEST DOUBLE (part of the stand-in AWS provider): lookups several resource handlers share.
import * as ec2 from "@aws-sdk/client-ec2";
import { ec2Client } from "./awsClients";
import { ignoring, unlessNotFound } from "./errors";
import { waitUntil } from "./waiting";

export async function describeInterface(id: string): Promise<ec2.NetworkInterface | undefined> {
  const out = await unlessNotFound(() =>
    ec2Client().send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] })),
  );
  return out?.NetworkInterfaces?.[0];
}

export async function describeAddress(filter: ec2.DescribeAddressesCommandInput): Promise<ec2.Address | undefined> {
  return (await unlessNotFound(() => ec2Client().send(new ec2.DescribeAddressesCommand(filter))))?.Addresses?.[0];
}

/**
 * ec2/vpc_network_interface.go (detachNetworkInterface), which both the interface's and the
 * attachment's delete call: DetachNetworkInterface with Force, InvalidAttachmentID.NotFound
 * ignored, then a wait until the interface no longer holds that attachment.
 */
export async function detachInterface(networkInterfaceId: string, attachmentId: string): Promise<void> {
  // On AWS a terminated instance's attachments are gone (the detach answers NotFound, which the
  // provider ignores); moto keeps them, and refuses to detach its eth0, so the stand-in skips them.
  const attachment = (await describeInterface(networkInterfaceId))?.Attachment;
  if (attachment?.AttachmentId === attachmentId && attachment.InstanceId) {
    const held = await ec2Client().send(new ec2.DescribeInstancesCommand({ InstanceIds: [attachment.InstanceId] }));
    if (held.Reservations?.[0]?.Instances?.[0]?.State?.Name === "terminated") return;
  }
  const sent = await ignoring(["InvalidAttachmentID.NotFound"], () =>
    ec2Client().send(new ec2.DetachNetworkInterfaceCommand({ AttachmentId: attachmentId, Force: true })),
  );
  if (sent === undefined) return;
  await waitUntil(`${networkInterfaceId} to detach ${attachmentId}`, async () => {
    const attachment = (await describeInterface(networkInterfaceId))?.Attachment;
    return attachment?.AttachmentId !== attachmentId || attachment.Status === "detached";
  });
}
