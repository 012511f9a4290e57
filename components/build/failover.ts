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
  instances: { primary: aws.ec2.Instance; standby: aws.ec2.Instance },
  secondaries: BuiltInterface[],
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
    ])
    .apply(([partition, region, accountId, primaryInstanceId, standbyInstanceId, networkInterfaceIds]) =>
      JSON.stringify(
        failoverPolicyDocument({
          partition,
          region,
          accountId,
          primaryInstanceId,
          standbyInstanceId,
          networkInterfaceIds,
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
 * interfaces' ids, which stay the same when either instance is replaced.
 */
export function standbyUserData(
  plan: ServerPlan,
  failover: PlannedFailover,
  args: DualHomedServerArgs,
  built: BuiltInterface[],
): pulumi.Output<string> {
  const own = userDataParts(args.indexHtml ?? defaultIndexHtml, plan.instance.bootScript, args.osFamily);
  return pulumi
    .all([
      built[0].networkInterface.privateIp,
      built[0].networkInterface.id,
      pulumi.all(built.slice(1).map((b) => b.networkInterface.id)),
    ])
    .apply(([primaryAddress, primaryInterfaceId, ids]) => {
      const interfaces = built.slice(1).map((b, i) => ({
        name: b.eni.role,
        id: ids[i],
        deviceIndex: plan.slots[b.eni.position].deviceIndex,
        networkCardIndex: plan.slots[b.eni.position].networkCardIndex,
      }));
      const monitor = failoverUserDataPart({
        primaryAddress,
        primaryInterfaceId,
        interfaces,
        healthCheck: failover.healthCheck,
      });
      return userDataDocument([monitor, ...own]);
    });
}

/**
 * Lets the standby's health checks in: the check's port on the instance's eth0 group, from the
 * standby's eth0 private address alone (whatever `httpIngressCidrs` allows).
 */
export function buildHealthCheckIngress(
  children: Children,
  failover: PlannedFailover,
  primaryEth0: BuiltInterface,
  standbyEth0: BuiltInterface,
): aws.vpc.SecurityGroupIngressRule {
  const port = failover.healthCheck.port;
  const ruleName = children.nameOf(`${primaryEth0.eni.role}-ingress-failover-health`);
  return new aws.vpc.SecurityGroupIngressRule(
    ruleName,
    {
      securityGroupId: primaryEth0.securityGroup.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      cidrIpv4: pulumi.interpolate`${standbyEth0.networkInterface.privateIp}/32`,
      description: "Failover health checks from the standby",
    },
    children.options(ruleName),
  );
}
