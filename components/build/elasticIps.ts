import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { addressChangeProblems } from "../checks/addressChanges";
import { deploymentError } from "../deploymentError";
import { countedEipRole, writtenOutEipRole } from "../plan/childRoles";
import type { PlannedInterface } from "../plan/interfacePlan";
import { addressesHeldNow, enginesRunResourceHooks } from "./addressChangeHook";
import type { Children } from "./children";

/** The private address one Elastic IP is bound to, and the key its resources are named by. */
interface AddressTarget {
  /** The Elastic IP's role: `eth1-ip<k>-eip` by EC2's order, `eth1-ip-10-0-1-20-eip` for a written-out address. */
  role: string;
  /** The role the same Elastic IP had before its addresses were written out, if any. */
  formerRole?: string;
  privateIp: pulumi.Output<string>;
}

/** One Elastic IP, its association, and the private address it is bound to. */
export interface BoundElasticIp {
  eip: aws.ec2.Eip;
  association: aws.ec2.EipAssociation;
  privateIp: pulumi.Output<string>;
}

/**
 * During preview the provider's plan marks the ordered address list unknown while the addresses
 * change; the addresses held now say which associations stay. Where the engine runs the interface's
 * before-update hook, that hook refuses a harmful change (in preview and in `up`); elsewhere (the
 * SDK's mocks) the preview refuses it here.
 */
function heldAddresses(
  children: Children,
  eni: PlannedInterface,
  networkInterface: aws.ec2.NetworkInterface,
): pulumi.Output<string[]> | undefined {
  if (!pulumi.runtime.isDryRun()) return undefined;
  const held = addressesHeldNow(networkInterface, children.component);
  if (enginesRunResourceHooks()) return held;
  return pulumi.all([held, networkInterface.id]).apply(([now, id]) => {
    const problems = addressChangeProblems(eni, id, now);
    if (problems.length > 0) throw deploymentError(children.name, problems, children.component);
    return now;
  });
}

/**
 * Which private address each Elastic IP of an interface is bound to, and the key its resources
 * are named by. Written-out addresses are bound as written and keyed by address (`ip-10-0-1-20`),
 * so removing one releases only its own Elastic IP. Otherwise Elastic IP k (`ip<k>`) is bound to
 * address k in EC2's order (primary first, then as assigned), so raising the count only appends.
 */
function addressTargets(
  children: Children,
  eni: PlannedInterface,
  networkInterface: aws.ec2.NetworkInterface,
  privateIps: pulumi.Output<string[]>,
): AddressTarget[] {
  const held = heldAddresses(children, eni, networkInterface);
  // Waits for the preview's check where it runs here; a written-out address is otherwise known at once.
  const checkedRunsHere = held !== undefined && !enginesRunResourceHooks();
  if (eni.privateIpAddresses) {
    return eni.privateIpAddresses.map((address, k) => ({
      role: writtenOutEipRole(eni.role, address),
      // Switching from a count keeps each Elastic IP: the one named ip<k> was on the k-th address
      // in EC2's order, the order the switch must list them in (the before-update hook checks it).
      formerRole: countedEipRole(eni.role, k),
      privateIp: checkedRunsHere ? held.apply(() => address) : pulumi.output(address),
    }));
  }
  // The primary address from its own output: it stays known while a count change is planned.
  const planned = (k: number) => (k === 0 ? networkInterface.privateIp : privateIps.apply((ips) => ips[k]));
  return Array.from({ length: eni.ipv4Count }, (_, k) => ({
    role: countedEipRole(eni.role, k),
    privateIp: held ? held.apply((now) => (k < now.length ? pulumi.output(now[k]) : planned(k))) : planned(k),
  }));
}

/** An Elastic IP and its association with one exact private address of one interface. */
function elasticIp(
  children: Children,
  eni: PlannedInterface,
  target: AddressTarget,
  networkInterface: aws.ec2.NetworkInterface,
): BoundElasticIp {
  const eipName = children.nameOf(target.role);
  const aliasOf = (suffix: string) =>
    target.formerRole ? [{ name: children.nameOf(`${target.formerRole}${suffix}`) }] : [];
  // Allocation and association are separate, so replacing the instance or the interface
  // re-associates the same public address instead of releasing it.
  const eip = new aws.ec2.Eip(
    eipName,
    { domain: "vpc", tags: children.tags(eipName) },
    children.options(eipName, { aliases: aliasOf("") }),
  );
  const association = new aws.ec2.EipAssociation(
    `${eipName}-association`,
    {
      allocationId: eip.allocationId,
      // Bound to the interface and address, never to the instance: with several interfaces an
      // instance-level association is ambiguous.
      networkInterfaceId: networkInterface.id,
      privateIpAddress: target.privateIp,
    },
    children.options(`${eipName}-association`, { deleteBeforeReplace: true, aliases: aliasOf("-association") }),
  );
  return { eip, association, privateIp: target.privateIp };
}

/** An Elastic IP on every private IPv4 address of an interface that asks for them. */
export function elasticIpsOf(
  children: Children,
  eni: PlannedInterface,
  networkInterface: aws.ec2.NetworkInterface,
  privateIps: pulumi.Output<string[]>,
): BoundElasticIp[] {
  if (!eni.withElasticIps) return [];
  return addressTargets(children, eni, networkInterface, privateIps).map((target) =>
    elasticIp(children, eni, target, networkInterface),
  );
}
