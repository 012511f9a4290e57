import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";
import type { ServerPlan } from "../plan/serverPlan";
import { apacheUserData, defaultIndexHtml } from "../userData";
import type { Children } from "./children";
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

/** An instance launched on an interface built for it (eth0 of the server or of its standby). */
export function launchInstance(
  children: Children,
  role: string,
  primary: BuiltInterface,
  plan: ServerPlan,
  args: DualHomedServerArgs,
  ami: pulumi.Input<string>,
): aws.ec2.Instance {
  const instanceName = children.nameOf(role);
  return new aws.ec2.Instance(
    instanceName,
    {
      ami,
      instanceType: plan.instanceType,
      // eth0 is a separate resource so its Elastic IPs never depend on the instance; security
      // groups live on the interfaces only (mixing them with instance-level groups is refused).
      primaryNetworkInterface: { networkInterfaceId: primary.networkInterface.id },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true },
      userData: apacheUserData(args.indexHtml ?? defaultIndexHtml),
      userDataReplaceOnChange: true,
      keyName: args.keyName,
      tags: children.tags(instanceName),
    },
    children.options({
      // eth0 can be held by one instance at a time: the old one must go before the new one starts.
      deleteBeforeReplace: true,
      // A defaulted image stays what it was at creation unless the user asks to follow releases.
      ignoreChanges: args.ami === undefined && args.followLatestAmi !== true ? ["ami"] : [],
    }),
  );
}

/**
 * Attaches the secondary interfaces to the instance that holds them, at their device indexes.
 * Moving them to the standby replaces only these attachments: detached first, then attached to
 * the other instance at the same device index.
 */
export function attachSecondaries(
  children: Children,
  secondaries: BuiltInterface[],
  holder: aws.ec2.Instance,
): aws.ec2.NetworkInterfaceAttachment[] {
  return secondaries.map(
    ({ eni, networkInterface }) =>
      new aws.ec2.NetworkInterfaceAttachment(
        children.nameOf(`${eni.role}-attachment`),
        { instanceId: holder.id, networkInterfaceId: networkInterface.id, deviceIndex: eni.deviceIndex },
        // Replacing create-first fails with InvalidNetworkInterface.InUse.
        children.options({ deleteBeforeReplace: true }),
      ),
  );
}
