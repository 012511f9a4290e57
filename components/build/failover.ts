import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";
import { failoverPolicyDocument } from "../failover/policy";
import { failoverUserDataPart } from "../failover/userDataPart";
import type { PlannedFailover } from "../plan/failoverPlan";
import type { ServerPlan } from "../plan/serverPlan";
import { defaultIndexHtml, userDataDocument, userDataParts } from "../userData";
import type { Children } from "./children";
import { buildRole, type BuiltInstanceRole } from "./instanceRole";
import type { BuiltInterface } from "./interfaceResources";

/**
 * The standby's own role and instance profile (`<name>-standby-role`, `<name>-standby-instance-profile`),
 * with `instanceRole`'s managed policies if any; the failover policy is added once both instances
 * exist (`buildFailoverPolicy`).
 */
export function buildStandbyRole(children: Children, plan: ServerPlan): BuiltInstanceRole {
  return buildRole(
    children,
    "standby-",
    `Standby instance role of ${children.name}: takes the secondary interfaces over`,
    plan.instance.rolePolicies ?? [],
  );
}

/**
 * The standby role's inline policy (`<name>-standby-role-failover`), generated from the ids of
 * both instances and of the secondary interfaces, in the stack's partition, region and account.
 * A replaced instance updates it in place.
 */
export function buildFailoverPolicy(
  children: Children,
  role: aws.iam.Role,
  failover: PlannedFailover,
  instances: { primary: aws.ec2.Instance; standby: aws.ec2.Instance },
  secondaries: BuiltInterface[],
  topicArn: pulumi.Output<string> | undefined,
): aws.iam.RolePolicy {
  const opts = { parent: children.component };
  const policy = pulumi
    .all([
      aws.getPartitionOutput({}, opts).partition,
      aws.getRegionOutput({}, opts).region,
      aws.getCallerIdentityOutput({}, opts).accountId,
      instances.primary.id,
      instances.standby.id,
      pulumi.all(secondaries.map((b) => b.networkInterface.id)),
      topicArn ?? "",
    ])
    .apply(([partition, region, accountId, primaryInstanceId, standbyInstanceId, networkInterfaceIds, topic]) =>
      JSON.stringify(
        failoverPolicyDocument({
          partition,
          region,
          accountId,
          primaryInstanceId,
          standbyInstanceId,
          networkInterfaceIds,
          confirmWithEc2: failover.confirmation === "ec2-status",
          fence: failover.fencing,
          topicArn: topic || undefined,
        }),
      ),
    );
  const policyName = children.nameOf("standby-role-failover");
  return new aws.iam.RolePolicy(
    policyName,
    { name: "dual-homed-server-failover", role: role.id, policy },
    children.options(policyName),
  );
}

/**
 * The standby's user data: the failover monitor's part first (it needs nothing from the network,
 * so it runs before the Apache setup waits for it), then the instance's own parts. It holds the
 * interfaces' ids and private addresses, which stay the same when either instance is replaced.
 */
export function standbyUserData(
  plan: ServerPlan,
  failover: PlannedFailover,
  args: DualHomedServerArgs,
  built: BuiltInterface[],
  topicArn: pulumi.Output<string> | undefined,
): pulumi.Output<string> {
  const own = userDataParts(args.indexHtml ?? defaultIndexHtml, plan.instance.bootScript, args.osFamily);
  const checked = failover.healthCheck.unhealthyWhen === "eth0" ? built.slice(0, 1) : built;
  return pulumi
    .all([
      built[0].networkInterface.id,
      pulumi.all(built.slice(1).map((b) => b.networkInterface.id)),
      pulumi.all(checked.map((b) => b.networkInterface.privateIp)),
      topicArn ?? "",
    ])
    .apply(([primaryInterfaceId, ids, addresses, topic]) => {
      const interfaces = built.slice(1).map((b, i) => ({
        name: b.eni.role,
        id: ids[i],
        deviceIndex: plan.slots[b.eni.position].deviceIndex,
        networkCardIndex: plan.slots[b.eni.position].networkCardIndex,
      }));
      const monitor = failoverUserDataPart({
        serverName: failover.serverName,
        checks: checked.map((b, i) => ({ name: b.eni.role, address: addresses[i] })),
        primaryInterfaceId,
        interfaces,
        healthCheck: failover.healthCheck,
        confirmation: failover.confirmation,
        fencing: failover.fencing,
        topicArn: topic || undefined,
      });
      return userDataDocument([monitor, ...own]);
    });
}

/**
 * The topic takeovers are published to: the user's (`failoverNotifications.topicArn`), or
 * `<name>-failover-topic`, created here; none without `failoverNotifications`.
 */
export function buildFailoverTopic(
  children: Children,
  failover: PlannedFailover,
): { topic?: aws.sns.Topic; topicArn?: pulumi.Output<string> } {
  if (!failover.notifications) return {};
  if (failover.notifications.topicArn !== undefined)
    return { topicArn: pulumi.output(failover.notifications.topicArn) };
  const topicName = children.nameOf("failover-topic");
  const topic = new aws.sns.Topic(topicName, { displayName: `${children.name} failover` }, children.options(topicName));
  return { topic, topicArn: topic.arn };
}

/**
 * Lets the standby's health checks in: the check's port on the group of each interface checked
 * (eth0's, and with `unhealthyWhen` "all" or "any" each secondary interface's), from the standby's
 * eth0 private address alone (whatever `httpIngressCidrs` or an interface's `ingress` allows).
 */
export function buildHealthCheckIngress(
  children: Children,
  failover: PlannedFailover,
  checked: BuiltInterface[],
  standbyEth0: BuiltInterface,
): aws.vpc.SecurityGroupIngressRule[] {
  const port = failover.healthCheck.port;
  return checked.map((target) => {
    const ruleName = children.nameOf(`${target.eni.role}-ingress-failover-health`);
    return new aws.vpc.SecurityGroupIngressRule(
      ruleName,
      {
        securityGroupId: target.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: pulumi.interpolate`${standbyEth0.networkInterface.privateIp}/32`,
        description: "Failover health checks from the standby",
      },
      children.options(ruleName),
    );
  });
}
