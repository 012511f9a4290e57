// TEST DOUBLE (part of the stand-in AWS provider): Elastic IPs through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { describeAddress } from "../describe";
import { ec2Client } from "../awsClients";
import { ignoring } from "../errors";
import type { ResourceHandler } from "../resourceHandler";
import { tagSpec, tagsOf, updateTags } from "../tags";

export const eip: ResourceHandler = {
  type: awsTypes.eip,
  name: "EC2 EIP",
  async create(inputs) {
    const out = await ec2Client().send(
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
  // ec2/ec2_eip.go (resourceEIPDelete): an address the state says is associated is disassociated
  // first (disassociateEIP ignores InvalidAssociationID.NotFound); a released address is no error.
  async delete(id, olds) {
    const associationId = olds.associationId as string | undefined;
    if (associationId) {
      await ignoring(["InvalidAssociationID.NotFound"], () =>
        ec2Client().send(new ec2.DisassociateAddressCommand({ AssociationId: associationId })),
      );
    }
    await ignoring(["InvalidAllocationID.NotFound"], () =>
      ec2Client().send(new ec2.ReleaseAddressCommand({ AllocationId: id })),
    );
  },
};
