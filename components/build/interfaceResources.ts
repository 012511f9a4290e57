import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { addressesInState } from "../checks/addressChanges";
import { ingressRuleRole, portsKey } from "../plan/childRoles";
import type { PlannedInterface } from "../plan/interfacePlan";
import { addressChangeHook, enginesRunResourceHooks, primaryAddressKeptHook } from "./addressChangeHook";
import type { Children } from "./children";
import { elasticIpsOf, type BoundElasticIp } from "./elasticIps";
import { writtenOutAddressesTag } from "./tags";

/** One interface with its security group and Elastic IPs, as created. */
export interface BuiltInterface {
  eni: PlannedInterface;
  securityGroup: aws.ec2.SecurityGroup;
  networkInterface: aws.ec2.NetworkInterface;
  /** Private IPv4 addresses in EC2's order: primary first, then as assigned. */
  privateIps: pulumi.Output<string[]>;
  ipv6Addresses: pulumi.Output<string[]>;
  boundElasticIps: BoundElasticIp[];
}

/** One ingress rule resource per source CIDR, named after its content so edits don't shift others. */
function ingressRules(children: Children, eni: PlannedInterface, securityGroup: aws.ec2.SecurityGroup): void {
  for (const rule of eni.ingress) {
    for (const source of rule.sources) {
      const cidr = source.canonical ?? source.cidr;
      const ruleName = children.nameOf(ingressRuleRole(eni.role, rule.protocol, portsKey(rule.ports), source.cidr));
      new aws.vpc.SecurityGroupIngressRule(
        ruleName,
        {
          securityGroupId: securityGroup.id,
          ipProtocol: rule.protocol,
          ...rule.ports,
          ...(source.family === "ipv4" ? { cidrIpv4: cidr } : { cidrIpv6: cidr }),
          description: rule.description,
        },
        children.options(ruleName),
      );
    }
  }
}

/** The interface's own security group, its inbound rules, and on eth0 the outbound rule. */
function securityGroupOf(children: Children, eni: PlannedInterface, vpcIndex: number): aws.ec2.SecurityGroup {
  const groupName = children.nameOf(`${eni.role}-sg`);
  const securityGroup = new aws.ec2.SecurityGroup(
    groupName,
    {
      vpcId: children.facts.apply((f) => f.vpcIds[vpcIndex]),
      // Stable text: AWS cannot change a group's description, so any edit would replace the group.
      description: `${children.name} ${eni.role}`,
      tags: children.tags(groupName),
    },
    children.options(groupName),
  );
  ingressRules(children, eni, securityGroup);
  if (eni.position === 0) {
    // Terraform-based providers remove AWS's default allow-all egress rule; an instance needs it
    // on its primary interface to install Apache.
    const egressName = children.nameOf(`${eni.role}-egress-all`);
    new aws.vpc.SecurityGroupEgressRule(
      egressName,
      { securityGroupId: securityGroup.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "All outbound" },
      children.options(egressName),
    );
  }
  return securityGroup;
}

function networkInterfaceOf(
  children: Children,
  eni: PlannedInterface,
  securityGroup: aws.ec2.SecurityGroup,
): aws.ec2.NetworkInterface {
  const eniName = children.nameOf(eni.role);
  return new aws.ec2.NetworkInterface(
    eniName,
    {
      subnetId: eni.subnetId,
      // Referencing the group orders destroy correctly (group deleted after the interface). The
      // user's own groups come after the interface's own.
      securityGroups: [securityGroup.id, ...eni.extraSecurityGroupIds],
      // Written-out addresses go in the provider's set form, which assigns and unassigns exactly
      // the addresses added and removed (its ordered-list form unassigns every secondary address
      // on any change, dropping their Elastic IPs). The count is always set, 0 included: the
      // provider keeps the current count when the input is absent, so lowering to no secondary
      // address would otherwise change nothing.
      privateIps: eni.privateIpAddresses,
      privateIpsCount: eni.ipv4Count - 1,
      ipv6AddressCount: eni.ipv6Count,
      sourceDestCheck: eni.sourceDestCheck,
      description: eni.description,
      tags: eni.privateIpAddresses
        ? { ...children.tags(eniName), [writtenOutAddressesTag]: "written-out" }
        : children.tags(eniName),
    },
    children.options(eniName, {
      hooks: enginesRunResourceHooks()
        ? {
            beforeUpdate: eni.withElasticIps ? [addressChangeHook(children.name, eni, children.component)] : [],
            // Dropping the primary from written-out addresses replaces the interface: no update runs.
            beforeCreate: eni.privateIpAddresses
              ? [primaryAddressKeptHook(children.name, eni, children.component)]
              : [],
          }
        : undefined,
    }),
  );
}

/**
 * Everything one interface needs: its security group and rules, the interface, and an Elastic IP
 * on each private IPv4 address. `vpcIndex` says which checked subnet's VPC the group goes in.
 */
export function buildInterface(children: Children, eni: PlannedInterface, vpcIndex: number): BuiltInterface {
  const securityGroup = securityGroupOf(children, eni, vpcIndex);
  const networkInterface = networkInterfaceOf(children, eni, securityGroup);
  // Elastic IP k stays on address k across updates: the ordered list is EC2's own order (primary
  // first, then as assigned), so raising the count only appends. The `privateIps` set is unordered.
  const privateIps = pulumi
    .all([networkInterface.privateIp, networkInterface.privateIpLists])
    .apply(([privateIp, privateIpLists]) => addressesInState({ privateIp, privateIpLists }));
  // EC2's order, as for IPv4; the `ipv6Addresses` set is unordered.
  const ipv6Addresses = pulumi
    .all([networkInterface.ipv6AddressLists, networkInterface.ipv6Addresses])
    .apply(([listed, set]) => (listed && listed.length > 0 ? listed : [...(set ?? [])].sort()));
  const boundElasticIps = elasticIpsOf(children, eni, networkInterface, privateIps);
  return { eni, securityGroup, networkInterface, privateIps, ipv6Addresses, boundElasticIps };
}
