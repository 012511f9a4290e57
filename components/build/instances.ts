import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";
import type { OsFamily } from "../guest/osFamily";
import type { ServerPlan } from "../plan/serverPlan";
import { defaultIndexHtml, userDataDocument, userDataParts } from "../userData";
import type { Children } from "./children";
import { buildInstanceRole, type BuiltInstanceRole } from "./instanceRole";
import { buildPlacementGroup } from "./placementGroup";
import type { BuiltInterface } from "./interfaceResources";

/** Public SSM parameter holding the latest Amazon Linux 2023 AMI for an architecture. */
export function amazonLinux2023Parameter(architecture: string): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/**
 * The image to launch: the one given, or the latest Amazon Linux 2023 for the type's architecture.
 * Read from the type alone, not the checks: a failed check is then reported once, by the
 * component, instead of again by this lookup.
 */
export function imageOf(
  args: DualHomedServerArgs,
  instanceTypeInfo: pulumi.Output<aws.ec2.GetInstanceTypeResult>,
  component: pulumi.Resource,
): pulumi.Input<string> {
  if (args.ami !== undefined) return args.ami;
  // Inside the type's apply: when the type lookup fails, this lookup never starts (and never
  // reports that failure a second time).
  return instanceTypeInfo.apply(async (type) => {
    const name = amazonLinux2023Parameter(type.supportedArchitectures.includes("x86_64") ? "x86_64" : "arm64");
    return (await aws.ssm.getParameter({ name }, { parent: component })).value;
  });
}

/** What both the instance and its standby are launched with, besides their own eth0. */
export interface LaunchSettings {
  ami: pulumi.Input<string>;
  /** The image's family, which the user data is written for. */
  osFamily: pulumi.Output<OsFamily>;
  userData: pulumi.Input<string>;
  instanceProfileName?: pulumi.Input<string>;
  placementGroupName?: pulumi.Input<string>;
}

/**
 * What both instances are launched with, and the children that provide it: the instance role
 * (or an existing profile), the placement group (or an existing one), the user data.
 */
export function buildLaunchSettings(
  children: Children,
  plan: ServerPlan,
  args: DualHomedServerArgs,
  ami: pulumi.Input<string>,
  osFamily: pulumi.Output<OsFamily>,
): { launch: LaunchSettings; instanceRole?: BuiltInstanceRole; placementGroup?: aws.ec2.PlacementGroup } {
  const instanceRole = buildInstanceRole(children, plan.instance);
  const placementGroup = buildPlacementGroup(children, plan.instance);
  const launch = {
    ami,
    osFamily,
    userData:
      args.adopt?.userData ??
      osFamily.apply((family) =>
        userDataDocument(userDataParts(args.indexHtml ?? defaultIndexHtml, plan.instance.bootScript, family)),
      ),
    instanceProfileName: instanceRole?.instanceProfile.name ?? plan.instance.instanceProfileName,
    placementGroupName: placementGroup?.name ?? plan.instance.placement.groupName,
  };
  return { launch, instanceRole, placementGroup };
}

/** Whether an adopted server's root volume stays as it was launched (nothing set on it). */
function keepsRootVolume(args: DualHomedServerArgs): boolean {
  return args.adopt !== undefined && args.adopt.keepRootVolume !== false && args.rootVolume === undefined;
}

/** An instance launched on an interface built for it (eth0 of the server or of its standby). */
export function launchInstance(
  children: Children,
  role: string,
  primary: BuiltInterface,
  plan: ServerPlan,
  args: DualHomedServerArgs,
  launch: LaunchSettings,
): aws.ec2.Instance {
  const instanceName = children.nameOf(role);
  const { instance } = plan;
  const volume = instance.rootVolume;
  return new aws.ec2.Instance(
    instanceName,
    {
      ami: launch.ami,
      instanceType: plan.instanceType,
      // eth0 is a separate resource so its Elastic IPs never depend on the instance; security
      // groups live on the interfaces only (mixing them with instance-level groups is refused).
      primaryNetworkInterface: { networkInterfaceId: primary.networkInterface.id },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      // Without rootVolume the image's own root volume (gp3 on Amazon Linux 2023), encrypted.
      rootBlockDevice: keepsRootVolume(args)
        ? undefined
        : args.rootVolume
          ? {
              encrypted: true,
              volumeType: volume.type,
              volumeSize: volume.sizeGiB,
              iops: volume.iops,
              throughput: volume.throughputMiBps,
              kmsKeyId: volume.kmsKeyId,
            }
          : { encrypted: true },
      userData: launch.userData,
      userDataReplaceOnChange: true,
      keyName: args.keyName,
      iamInstanceProfile: launch.instanceProfileName,
      placementGroup: launch.placementGroupName,
      monitoring: instance.monitoring,
      disableApiTermination: instance.terminationProtection,
      disableApiStop: instance.stopProtection,
      tags: children.tags(instanceName),
    },
    children.options(instanceName, {
      // eth0 can be held by one instance at a time: the old one must go before the new one starts.
      deleteBeforeReplace: true,
      // A defaulted image stays what it was at creation unless the user asks to follow releases.
      ignoreChanges: args.ami === undefined && args.followLatestAmi !== true ? ["ami"] : [],
      // Termination protection holds in the stack too: a replacement or destroy is refused at
      // preview, instead of the provider failing to terminate halfway through a deployment.
      protect: instance.terminationProtection,
      // The provider keeps an instance in its placement group when the program names none (the
      // argument is Optional and Computed): leaving the group takes a new instance, as joining does.
      // A plain value (an output would read as changed in every preview).
      replacementTrigger: launch.placementGroupName === undefined ? "unplaced" : "placed",
    }),
  );
}

/**
 * Attaches the secondary interfaces to the instance that holds them, each at its network card and
 * device index. Moving them to the standby replaces only these attachments: detached first, then
 * attached to the other instance at the same slot.
 */
export function attachSecondaries(
  children: Children,
  plan: ServerPlan,
  secondaries: BuiltInterface[],
  holder: aws.ec2.Instance,
  hooksOf: (secondary: BuiltInterface) => pulumi.ResourceHookBinding | undefined = () => undefined,
): aws.ec2.NetworkInterfaceAttachment[] {
  return secondaries.map((secondary) => {
    const { eni, networkInterface } = secondary;
    const attachmentName = children.nameOf(`${eni.role}-attachment`);
    return new aws.ec2.NetworkInterfaceAttachment(
      attachmentName,
      {
        instanceId: holder.id,
        networkInterfaceId: networkInterface.id,
        deviceIndex: plan.slots[eni.position].deviceIndex,
        // Card 0 is the provider's default: left out there, so one-card servers read as before.
        networkCardIndex: plan.slots[eni.position].networkCardIndex || undefined,
      },
      // Replacing create-first fails with InvalidNetworkInterface.InUse.
      children.options(attachmentName, { deleteBeforeReplace: true, hooks: hooksOf(secondary) }),
    );
  });
}
