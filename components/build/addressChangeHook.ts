import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { addressChangeProblems, addressesInState } from "../checks/addressChanges";
import { deploymentError } from "../deploymentError";
import type { PlannedInterface } from "../plan/interfacePlan";

/**
 * Whether the engine runs resource hooks for this program (Pulumi CLI 3.182 and later). The SDK's
 * mocks claim the feature but cannot run hooks.
 */
export function enginesRunResourceHooks(): boolean {
  const monitor = pulumi.runtime.getMonitor() as { registerResourceHook?: unknown } | undefined;
  return typeof monitor?.registerResourceHook === "function";
}

/**
 * Refuses, before the interface is updated (in preview too), an address change that would move
 * an Elastic IP or that EC2 refuses. The hook reads the interface's state as the engine holds it.
 */
export function addressChangeHook(
  name: string,
  eni: PlannedInterface,
  component: pulumi.Resource,
): pulumi.ResourceHook {
  return new pulumi.ResourceHook(
    `${name}-${eni.role}-address-changes`,
    (hookArgs) => {
      const problems = addressChangeProblems(
        eni,
        hookArgs.id,
        addressesInState(hookArgs.oldOutputs as Parameters<typeof addressesInState>[0]),
        hookArgs.oldInputs?.privateIps !== undefined,
      );
      if (problems.length > 0) throw deploymentError(name, problems, component);
    },
    { onDryRun: true },
  );
}

/**
 * Refuses, before a new interface is created (in preview too), to replace an existing one whose
 * written-out addresses leave out its primary address: the AWS provider plans that change as a
 * replacement of the interface (`customdiff.ForceNewIf("private_ips")`), whose steps run no
 * before-update hook. The engine gives a create hook no old state, so the interface being replaced
 * is looked up in the subnet by its `Name` tag, which is the resource's name.
 */
export function primaryAddressKeptHook(
  name: string,
  eni: PlannedInterface,
  component: pulumi.Resource,
): pulumi.ResourceHook {
  return new pulumi.ResourceHook(
    `${name}-${eni.role}-primary-address-kept`,
    async (hookArgs) => {
      const subnetId: unknown = hookArgs.newInputs?.subnetId;
      if (typeof subnetId !== "string") return;
      const filters = [
        { name: "subnet-id", values: [subnetId] },
        { name: "tag:Name", values: [hookArgs.name] },
      ];
      // None found: a first creation. (Several: not this server's alone; AWS decides.)
      const replaced = await aws.ec2.getNetworkInterface({ filters }, { parent: component }).catch(() => undefined);
      if (!replaced) return;
      const held = addressesInState({ privateIp: replaced.privateIp, privateIpLists: replaced.privateIps });
      const problems = addressChangeProblems(eni, replaced.id, held);
      if (problems.length > 0) throw deploymentError(name, problems, component);
    },
    { onDryRun: true },
  );
}

/**
 * During preview, the private addresses an existing interface holds now, in EC2's order (primary
 * first); unknown for an interface yet to be created.
 */
export function addressesHeldNow(
  networkInterface: aws.ec2.NetworkInterface,
  component: pulumi.Resource,
): pulumi.Output<string[]> {
  return networkInterface.id.apply((id) =>
    aws.ec2
      .getNetworkInterfaceOutput({ id }, { parent: component })
      .apply((found) => addressesInState({ privateIp: found.privateIp, privateIpLists: found.privateIps })),
  );
}
