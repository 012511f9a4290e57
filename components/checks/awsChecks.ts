import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  eniAddressInSubnet,
  eniAddressesWithinInstanceTypeLimit,
  eniCountWithinInstanceTypeLimit,
  eniIpv6InSubnetWithIpv6Block,
  eniSameAzAsInstance,
  limitsFromInstanceTypeLookup,
  rootVolumeFitsImage,
} from "dual-homed-server-rules";
import type { CardSlot } from "../plan/networkCards";
import type { PlannedInterface } from "../plan/interfacePlan";
import type { ServerPlan } from "../plan/serverPlan";
import type { AwsLookups } from "./awsLookups";

/** What the checks found out about AWS, available to the children once every check has passed. */
export interface CheckedFacts {
  availabilityZone: string;
  /** VPC of each interface's subnet, in `plan.placed` order (the instance's, then the standby's eth0). */
  vpcIds: string[];
}

/** What AWS answered that the checks read. */
interface AwsAnswers {
  subnets: aws.ec2.GetSubnetResult[];
  instanceType: string;
  type: aws.ec2.GetInstanceTypeResult;
  /** The image's root snapshot size in GiB, read only when the root volume's size is given. */
  image?: { id: string; rootSnapshotGiB?: number };
}

const label = (eni: PlannedInterface) => `${eni.role} (${eni.argsPath})`;

/**
 * Every rule that needs AWS's answers (subnets, the instance type), from the shared functions in
 * `dual-homed-server-rules`, which the policy pack applies too. Returns every broken rule at once.
 */
function awsProblems(name: string, plan: ServerPlan, answers: AwsAnswers, slots: CardSlot[]): string[] {
  const { subnets, instanceType, type, image } = answers;
  const limits = limitsFromInstanceTypeLookup(type);
  const placed = plan.placed;
  const sizeGiB = plan.instance.rootVolume.sizeGiB;
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
      plan.interfaces.map((eni, i) => ({
        label: label(eni),
        deviceIndex: slots[i].deviceIndex,
        networkCardIndex: slots[i].networkCardIndex,
        attachedAfterLaunch: eni.position > 0,
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
    ...(image?.rootSnapshotGiB !== undefined && sizeGiB !== undefined
      ? rootVolumeFitsImage("rootVolume", sizeGiB, image.id, image.rootSnapshotGiB)
      : []),
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
  imageId: pulumi.Input<string>,
  fail: (problems: string[]) => Error,
  /** The image's family, which fails (`supported-image`) when the image is of none the user data supports. */
  osFamily: pulumi.Output<unknown>,
): pulumi.Output<CheckedFacts> {
  // Every interface, then the standby's: it must share the zone the secondary interfaces move in.
  const subnets = plan.placed.map((eni) => lookups.subnet(eni.subnetArgument, eni.subnetId));
  // The image is read only to compare a given root volume size with its snapshot.
  const image =
    plan.instance.rootVolume.sizeGiB === undefined
      ? pulumi.output(undefined)
      : pulumi.output(imageId).apply(async (id) => ({ id, rootSnapshotGiB: await lookups.rootSnapshotGiB(id) }));
  return pulumi
    .all([pulumi.all(subnets), instanceTypeInfo, pulumi.output(plan.instanceType), image, osFamily])
    .apply(([subnetFacts, type, typeName, imageFacts]) => {
      const slots = plan.slots;
      const answers = { subnets: subnetFacts, instanceType: typeName, type, image: imageFacts };
      const problems = awsProblems(name, plan, answers, slots);
      if (problems.length > 0) throw fail(problems);
      return { availabilityZone: subnetFacts[0].availabilityZone, vpcIds: subnetFacts.map((s) => s.vpcId) };
    });
}
