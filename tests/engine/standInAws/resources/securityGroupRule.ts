// TEST DOUBLE (part of the stand-in AWS provider): security group ingress and egress rules through
// the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { ec2Client } from "../awsClients";
import { ignoring, unlessNotFound } from "../errors";
import type { Props, ResourceHandler } from "../resourceHandler";
import { tagSpec, tagsOf, updateTags } from "../tags";

const permission = (p: Props): ec2.IpPermission => ({
  IpProtocol: p.ipProtocol,
  FromPort: p.ipProtocol === "-1" ? undefined : p.fromPort,
  ToPort: p.ipProtocol === "-1" ? undefined : p.toPort,
  IpRanges: p.cidrIpv4 ? [{ CidrIp: p.cidrIpv4, Description: p.description }] : undefined,
  Ipv6Ranges: p.cidrIpv6 ? [{ CidrIpv6: p.cidrIpv6, Description: p.description }] : undefined,
});

/**
 * The rule as EC2 reports it (the rule resources' Read): a rule gone (revoked behind Pulumi's back,
 * or with its group) is dropped from the state; ports EC2 reports as -1 stay null when the program
 * gave none.
 */
async function readRule(id: string, olds: Props): Promise<Props | undefined> {
  const out = await unlessNotFound(() =>
    ec2Client().send(new ec2.DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [id] })),
  );
  const rule = out?.SecurityGroupRules?.find((r) => r.SecurityGroupRuleId === id);
  if (!rule) return undefined;
  const port = (value: number | undefined, planned: unknown) => (value === -1 && planned == null ? undefined : value);
  return {
    ...olds,
    id,
    securityGroupRuleId: id,
    securityGroupId: rule.GroupId,
    ipProtocol: rule.IpProtocol,
    fromPort: port(rule.FromPort, olds.fromPort),
    toPort: port(rule.ToPort, olds.toPort),
    cidrIpv4: rule.CidrIpv4 || undefined,
    cidrIpv6: rule.CidrIpv6 || undefined,
    description: rule.Description || undefined,
    tags: tagsOf(rule.Tags),
  };
}

/** The rule resources' Update: ModifySecurityGroupRules when a rule field changed, then the tags. */
async function updateRule(id: string, olds: Props, news: Props): Promise<Props> {
  const fields = ["cidrIpv4", "cidrIpv6", "description", "fromPort", "ipProtocol", "toPort"];
  if (fields.some((key) => (olds[key] ?? null) !== (news[key] ?? null))) await modifyRule(id, news);
  await updateTags(id, olds, news);
  return (await readRule(id, news))!;
}

async function modifyRule(id: string, news: Props): Promise<void> {
  await ec2Client().send(
    new ec2.ModifySecurityGroupRulesCommand({
      GroupId: news.securityGroupId,
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: id,
          SecurityGroupRule: {
            IpProtocol: news.ipProtocol,
            FromPort: news.fromPort,
            ToPort: news.toPort,
            CidrIpv4: news.cidrIpv4,
            CidrIpv6: news.cidrIpv6,
            Description: news.description,
          },
        },
      ],
    }),
  );
}

export function securityGroupRule(direction: "ingress" | "egress"): ResourceHandler {
  return {
    type: direction === "ingress" ? awsTypes.ingressRule : awsTypes.egressRule,
    name: `VPC Security Group ${direction === "ingress" ? "Ingress" : "Egress"} Rule`,
    async create(inputs) {
      const request = {
        GroupId: inputs.securityGroupId,
        IpPermissions: [permission(inputs)],
        TagSpecifications: tagSpec("security-group-rule", inputs.tags),
      };
      const out =
        direction === "ingress"
          ? await ec2Client().send(new ec2.AuthorizeSecurityGroupIngressCommand(request))
          : await ec2Client().send(new ec2.AuthorizeSecurityGroupEgressCommand(request));
      const id = out.SecurityGroupRules?.[0]?.SecurityGroupRuleId;
      if (!id) throw new Error(`EC2 returned no rule id for the ${direction} rule of ${inputs.securityGroupId}`);
      return { id, outs: (await readRule(id, inputs))! };
    },
    read: readRule,
    update: updateRule,
    // The rule resources' Delete: a rule or group already gone is no error. (Revoking a rule id
    // that is gone, moto answers InvalidPermission.NotFound where EC2 answers
    // InvalidSecurityGroupRuleId.NotFound: both are that case.)
    async delete(id, olds) {
      const request = { GroupId: olds.securityGroupId, SecurityGroupRuleIds: [id] };
      const gone = ["InvalidGroup.NotFound", "InvalidSecurityGroupRuleId.NotFound", "InvalidPermission.NotFound"];
      await ignoring(gone, () =>
        direction === "ingress"
          ? ec2Client().send(new ec2.RevokeSecurityGroupIngressCommand(request))
          : ec2Client().send(new ec2.RevokeSecurityGroupEgressCommand(request)),
      );
    },
  };
}
