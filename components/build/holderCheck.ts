import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { heldAsRecordedProblems, type HeldBy } from "../checks/heldAsRecorded";
import { deploymentError } from "../deploymentError";
import type { Children } from "./children";
import type { BuiltInterface } from "./interfaceResources";

/** What EC2 shows of an interface's attachment now; `undefined` when it is attached to no instance. */
async function heldNow(networkInterfaceId: string, component: pulumi.Resource): Promise<HeldBy | undefined> {
  const found = await aws.ec2.getNetworkInterface({ id: networkInterfaceId }, { parent: component });
  const attachment = (found.attachments ?? [])[0];
  return attachment?.attachmentId
    ? { attachmentId: attachment.attachmentId, instanceId: attachment.instanceId }
    : undefined;
}

/**
 * With failover, in preview and update: when the stack holds an attachment of the interface (its
 * id is known: no change is planned for it), EC2 must show that very attachment. The problems
 * found, if any. An attachment about to be created or replaced has no id yet in preview;
 * `heldAsRecordedHook` checks it before it is created.
 */
export function heldAsRecordedCheck(
  children: Children,
  secondary: BuiltInterface,
  attachment: aws.ec2.NetworkInterfaceAttachment,
  labels: pulumi.Output<Record<string, string>>,
): pulumi.Output<string[]> {
  return pulumi
    .all([attachment.id, attachment.instanceId, secondary.networkInterface.id, labels])
    .apply(async ([attachmentId, instanceId, networkInterfaceId, names]) =>
      heldAsRecordedProblems({
        role: secondary.eni.role,
        networkInterfaceId,
        recorded: { attachmentId, instanceId },
        now: await heldNow(networkInterfaceId, children.component),
        labels: names,
        stack: pulumi.getStack(),
      }),
    );
}

/**
 * With failover, where the engine runs resource hooks: before an attachment is created, the
 * interface must be attached to no instance. It is after a takeover whose stale attachments a
 * `pulumi refresh` dropped; EC2 would refuse the attach (`InvalidNetworkInterface.InUse`) and the
 * message here says how to record the takeover instead. Not run in preview, where a replacement's
 * old attachment is still in place.
 */
export function heldAsRecordedHook(
  children: Children,
  secondary: BuiltInterface,
  labels: pulumi.Output<Record<string, string>>,
): pulumi.ResourceHook {
  const known = new Promise<Record<string, string>>((resolve) => labels.apply(resolve));
  return new pulumi.ResourceHook(`${children.name}-${secondary.eni.role}-held-as-recorded`, async (hookArgs) => {
    const networkInterfaceId = String(hookArgs.newInputs?.networkInterfaceId ?? "");
    const problems = heldAsRecordedProblems({
      role: secondary.eni.role,
      networkInterfaceId,
      now: await heldNow(networkInterfaceId, children.component),
      labels: await known,
      stack: pulumi.getStack(),
    });
    if (problems.length > 0) throw deploymentError(children.name, problems, children.component);
  });
}
