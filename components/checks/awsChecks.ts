import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  eniAddressInSubnet,
  eniAddressesWithinInstanceTypeLimit,
  eniCountWithinInstanceTypeLimit,
  eniIpv6InSubnetWithIpv6Block,
  eniSameAzAsInstance,
  limitsFromInstanceTypeLookup,
} from "dual-homed-server-rules";
import type { PlannedInterface } from "../plan/interfacePlan";
import type { ServerPlan } from "../plan/serverPlan";
import type { AwsLookups } from "./awsLookups";

/** What the checks found out about AWS, available to the children once every check has passed. */
export interface CheckedFacts {
  availabilityZone: string;
  /** VPC of each interface's subnet, by device index, then the standby's primary interface. */
  vpcIds: string[];
}

const label = (eni: PlannedInterface) => `${eni.role} (${eni.argsPath})`;

/**
 * Every rule that needs AWS's answers (subnets, the instance type), from the shared functions in
 * `dual-homed-server-rules`, which the policy pack applies too. Returns every broken rule at once.
 */
function awsProblems(
  name: string,
  plan: ServerPlan,
  subnets: aws.ec2.GetSubnetResult[],
  instanceType: string,
  type: aws.ec2.GetInstanceTypeResult,
): string[] {
  const limits = limitsFromInstanceTypeLookup(type);
  const placed = plan.placed;
  const zone = subnets[0].availabilityZone;
  return [
    ...eniSameAzAsInstance(
      `"${name}"`,
      zone,
      placed.map((eni, i) => ({
        label: label(eni),
        subnetId: subnets[i].id,
        availabilityZone: subnets[i].availabilityZone,
      })),
    ),
    ...eniCountWithinInstanceTypeLimit(
      `"${name}"`,
      instanceType,
      limits,
      plan.interfaces.map((eni) => ({
        label: label(eni),
        deviceIndex: eni.deviceIndex,
        attachedAfterLaunch: eni.deviceIndex > 0,
      })),
    ),
    ...plan.interfaces.flatMap((eni) =>
      eniAddressesWithinInstanceTypeLimit(instanceType, limits, {
        label: label(eni),
        ipv4Count: eni.ipv4Count,
        ipv6Count: eni.ipv6Count,
      }),
    ),
    ...placed.flatMap((eni, i) =>
      eniAddressInSubnet({
        label: eni.role,
        where: `${eni.argsPath}.privateIpAddresses`,
        addresses: eni.privateIpAddresses ?? [],
        subnetId: subnets[i].id,
        subnetCidr: subnets[i].cidrBlock,
      }),
    ),
    ...placed.flatMap((eni, i) =>
      eniIpv6InSubnetWithIpv6Block({
        label: label(eni),
        ipv6Count: eni.ipv6Count,
        subnetId: subnets[i].id,
        subnetIpv6Cidr: subnets[i].ipv6CidrBlock,
      }),
    ),
  ];
}

/**
 * Looks up every subnet and the instance type during preview, and fails the preview with every
 * broken AWS rule at once (`deploymentError`). The result resolves only when every check passed.
 */
export function checkAgainstAws(
  name: string,
  plan: ServerPlan,
  lookups: AwsLookups,
  instanceTypeInfo: pulumi.Output<aws.ec2.GetInstanceTypeResult>,
  fail: (problems: string[]) => Error,
): pulumi.Output<CheckedFacts> {
  // Every interface, then the standby's: it must share the zone the secondary interfaces move in.
  const subnets = plan.placed.map((eni) => lookups.subnet(eni.subnetArgument, eni.subnetId));
  return pulumi
    .all([pulumi.all(subnets), instanceTypeInfo, pulumi.output(plan.instanceType)])
    .apply(([subnetFacts, type, typeName]) => {
      const problems = awsProblems(name, plan, subnetFacts, typeName, type);
      if (problems.length > 0) throw fail(problems);
      return { availabilityZone: subnetFacts[0].availabilityZone, vpcIds: subnetFacts.map((s) => s.vpcId) };
    });
}
