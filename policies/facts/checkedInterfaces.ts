// The interfaces the per-interface policies check: each network interface resource, and each
// instance's own eth0 (created from `subnetId`, with `secondaryPrivateIps` and `vpcSecurityGroupIds`).
import type { EniFact, InstanceFact, StackModel } from "./factTypes";
import type { Known } from "./knownFacts";

/** An interface whose addresses and security groups a policy checks. */
interface CheckedInterface {
  /** Where a violation about this interface is reported. */
  urn: string;
  /** `"<name>"`, `eth0 of instance "<name>"`, or how an interface outside the stack is attached. */
  label: string;
  ipv4Count: Known<number>;
  ipv6Count: Known<number>;
  securityGroupCount: Known<number>;
}

function ofEni(eni: EniFact): CheckedInterface {
  const { ipv4Count, ipv6Count, securityGroupCount } = eni;
  return { urn: eni.resource.urn, label: `"${eni.resource.name}"`, ipv4Count, ipv6Count, securityGroupCount };
}

/** The eth0 an instance creates itself, if it does (rather than taking an interface of the stack). */
function ownEth0(instance: InstanceFact): CheckedInterface[] {
  if (!instance.primaryAddresses) return [];
  return [
    {
      urn: instance.resource.urn,
      label: `eth0 of instance "${instance.resource.name}"`,
      ...instance.primaryAddresses,
    },
  ];
}

/**
 * Each interface an instance holds, whichever way it is attached, plus the eth0 it creates itself.
 * An interface that could not be resolved carries why in each of its facts.
 */
export function interfacesOfInstance(instance: InstanceFact): CheckedInterface[] {
  return [
    ...instance.enis.map(({ eni, urn, via }) =>
      eni.known ? ofEni(eni.value) : { urn, label: via, ipv4Count: eni, ipv6Count: eni, securityGroupCount: eni },
    ),
    ...ownEth0(instance),
  ];
}

/** Each network interface resource of the stack, then each instance's own eth0. */
export function interfacesOfStack(model: StackModel): CheckedInterface[] {
  return [...model.enis.map(ofEni), ...model.instances.flatMap(ownEth0)];
}
