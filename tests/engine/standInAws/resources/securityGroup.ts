// TEST DOUBLE (part of the stand-in AWS provider): security groups through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { ec2Client } from "../awsClients";
import { ec2Refusal, unlessNotFound } from "../errors";
import type { ResourceHandler } from "../resourceHandler";
import { tagSpec, tagsOf, updateTags } from "../tags";

export const securityGroup: ResourceHandler = {
  type: awsTypes.securityGroup,
  name: "Security Group",
  async create(inputs) {
    const out = await ec2Client().send(
      new ec2.CreateSecurityGroupCommand({
        GroupName: inputs.name,
        Description: inputs.description ?? "Managed by Pulumi",
        VpcId: inputs.vpcId,
        TagSpecifications: tagSpec("security-group", inputs.tags),
      }),
    );
    const id = out.GroupId!;
    // As the provider does: remove AWS's default allow-all egress rule; egress is declared.
    await ec2Client().send(
      new ec2.RevokeSecurityGroupEgressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
    return { id, outs: (await securityGroup.read(id, inputs))! };
  },
  async read(id, olds) {
    const out = await unlessNotFound(() => ec2Client().send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [id] })));
    const group = out?.SecurityGroups?.[0];
    if (!group) return undefined;
    return {
      ...olds,
      id,
      name: group.GroupName,
      description: group.Description,
      vpcId: group.VpcId,
      ownerId: group.OwnerId,
      tags: tagsOf(group.Tags),
    };
  },
  async update(id, olds, news) {
    await updateTags(id, olds, news);
    return (await securityGroup.read(id, news))!;
  },
  async delete(id) {
    const users = await ec2Client().send(
      new ec2.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "group-id", Values: [id] }] }),
    );
    const user = users.NetworkInterfaces?.[0];
    if (user) {
      throw ec2Refusal(
        "DeleteSecurityGroup",
        "DependencyViolation",
        `resource ${id} has a dependent object (network interface ${user.NetworkInterfaceId})`,
      );
    }
    await ec2Client().send(new ec2.DeleteSecurityGroupCommand({ GroupId: id }));
  },
};
