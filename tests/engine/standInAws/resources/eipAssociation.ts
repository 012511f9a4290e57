// TEST DOUBLE (part of the stand-in AWS provider): Elastic IP associations through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { describeAddress } from "../describe";
import { ec2Client } from "../awsClients";
import { unlessNotFound } from "../errors";
import { noInPlaceUpdate, type ResourceHandler } from "../resourceHandler";

export const eipAssociation: ResourceHandler = {
  type: awsTypes.eipAssociation,
  name: "EC2 EIP Association",
  async create(inputs) {
    const out = await ec2Client().send(
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
      privateIpAddress: address.PrivateIpAddress,
    };
  },
  update: noInPlaceUpdate("EipAssociation"),
  async delete(id) {
    await unlessNotFound(() => ec2Client().send(new ec2.DisassociateAddressCommand({ AssociationId: id })));
  },
};
