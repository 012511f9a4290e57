// TEST DOUBLE (part of the stand-in AWS provider): security groups through the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { ec2Client } from "../awsClients";
import { ec2Refusal, hasCode, ignoring, unlessNotFound } from "../errors";
import { retryWhileCode } from "../waiting";
import type { ResourceHandler } from "../resourceHandler";
import { tagSpec, tagsOf, updateTags } from "../tags";

/**
 * resourceSecurityGroupCreate: AWS gives every new group an allow-all egress rule for IPv4 and, in
 * a VPC with IPv6, one for `::/0`; the provider revokes both (egress is declared), ignoring the
 * IPv6 one's absence (InvalidPermission.NotFound, or InvalidParameterValue about remote-ipv6-range).
 */
async function revokeDefaultEgress(id: string): Promise<void> {
  const revoke = (range: Pick<ec2.IpPermission, "IpRanges" | "Ipv6Ranges">) =>
    ec2Client().send(
      new ec2.RevokeSecurityGroupEgressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: "-1", FromPort: 0, ToPort: 0, ...range }],
      }),
    );
  await revoke({ IpRanges: [{ CidrIp: "0.0.0.0/0" }] });
  try {
    await revoke({ Ipv6Ranges: [{ CidrIpv6: "::/0" }] });
  } catch (err) {
    const absent =
      hasCode(err, "InvalidPermission.NotFound") ||
      (hasCode(err, "InvalidParameterValue") && /remote-ipv6-range/.test(String(err)));
    if (!absent) throw err;
  }
}

/** One DeleteSecurityGroup, refused as EC2 refuses it while an interface uses the group (moto does not check). */
async function deleteGroup(id: string): Promise<void> {
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
}

export const securityGroup: ResourceHandler = {
  type: awsTypes.securityGroup,
  name: "Security Group",
  async create(inputs) {
    const out = await ec2Client().send(
      new ec2.CreateSecurityGroupCommand({
        GroupName: inputs.name,
        Description: inputs.description,
        VpcId: inputs.vpcId,
        TagSpecifications: tagSpec("security-group", inputs.tags),
      }),
    );
    const id = out.GroupId!;
    await revokeDefaultEgress(id);
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
  // resourceSecurityGroupDelete: DeleteSecurityGroup retried while the group is in use
  // (DependencyViolation, InvalidGroup.InUse) until the delete timeout, bounded here (waiting.ts);
  // a group already gone is no error.
  async delete(id) {
    await ignoring(["InvalidGroup.NotFound"], () =>
      retryWhileCode(["DependencyViolation", "InvalidGroup.InUse"], () => deleteGroup(id)),
    );
  },
};
