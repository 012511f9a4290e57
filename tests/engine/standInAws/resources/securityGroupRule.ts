// TEST DOUBLE (part of the stand-in AWS provider): security group ingress and egress rules through
// the EC2 API of moto.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { ec2Client } from "../awsClients";
import type { Props, ResourceHandler } from "../resourceHandler";

const permission = (p: Props): ec2.IpPermission => ({
  IpProtocol: p.ipProtocol,
  FromPort: p.ipProtocol === "-1" ? undefined : p.fromPort,
  ToPort: p.ipProtocol === "-1" ? undefined : p.toPort,
  IpRanges: p.cidrIpv4 ? [{ CidrIp: p.cidrIpv4, Description: p.description }] : undefined,
  Ipv6Ranges: p.cidrIpv6 ? [{ CidrIpv6: p.cidrIpv6, Description: p.description }] : undefined,
});

async function readRule(id: string, olds: Props): Promise<Props | undefined> {
  const out = await ec2Client().send(new ec2.DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [id] }));
  const rule = out.SecurityGroupRules?.find((r) => r.SecurityGroupRuleId === id);
  if (!rule) return undefined;
  return {
    ...olds,
    id,
    securityGroupRuleId: id,
    securityGroupId: rule.GroupId,
    ipProtocol: rule.IpProtocol,
    ...(rule.IpProtocol === "-1" ? {} : { fromPort: rule.FromPort, toPort: rule.ToPort }),
    ...(rule.CidrIpv4 ? { cidrIpv4: rule.CidrIpv4 } : {}),
    ...(rule.CidrIpv6 ? { cidrIpv6: rule.CidrIpv6 } : {}),
    description: rule.Description || olds.description,
  };
}

async function updateRule(id: string, _olds: Props, news: Props): Promise<Props> {
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
  return (await readRule(id, news))!;
}

export function securityGroupRule(direction: "ingress" | "egress"): ResourceHandler {
  return {
    type: direction === "ingress" ? awsTypes.ingressRule : awsTypes.egressRule,
    name: `VPC Security Group ${direction === "ingress" ? "Ingress" : "Egress"} Rule`,
    async create(inputs) {
      const request = { GroupId: inputs.securityGroupId, IpPermissions: [permission(inputs)] };
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
    async delete(id, olds) {
      const request = { GroupId: olds.securityGroupId, SecurityGroupRuleIds: [id] };
      if (direction === "ingress") await ec2Client().send(new ec2.RevokeSecurityGroupIngressCommand(request));
      else await ec2Client().send(new ec2.RevokeSecurityGroupEgressCommand(request));
    },
  };
}
