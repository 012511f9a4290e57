// Builders for analyzer stacks in policy tests: each returns what the analyzer would show during a
// first preview, where ids of resources of the same stack are still unknown.
import { awsTypes } from "dual-homed-server-rules";
import { unknownValue, type StackResourceSpec } from "../support/policyHarness";

export function subnet(name: string, availabilityZone: string | undefined): StackResourceSpec {
  return {
    type: awsTypes.subnet,
    name,
    props: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", ...(availabilityZone ? { availabilityZone } : {}) },
  };
}

/** An interface in a subnet of the stack (by name) or outside it (by id); in-stack subnet names start with `net-`. */
export function eni(name: string, subnetRef: string, props: Record<string, unknown> = {}): StackResourceSpec {
  const outside = !subnetRef.startsWith("net-");
  return {
    type: awsTypes.networkInterface,
    name,
    props: { subnetId: outside ? subnetRef : unknownValue.string, ...props },
    propertyDependencies: outside ? {} : { subnetId: [subnetRef] },
  };
}

/** An instance whose eth0 it creates itself in a subnet (`subnet`) or takes from an interface (`primaryEni`). */
export function instance(
  name: string,
  instanceType: string,
  where: { subnet?: string; primaryEni?: string },
  props: Record<string, unknown> = {},
): StackResourceSpec {
  if (where.primaryEni) {
    return {
      type: awsTypes.instance,
      name,
      props: { instanceType, primaryNetworkInterface: { networkInterfaceId: unknownValue.string }, ...props },
      propertyDependencies: { primaryNetworkInterface: [where.primaryEni] },
    };
  }
  const outside = where.subnet !== undefined && !where.subnet.startsWith("net-");
  return {
    type: awsTypes.instance,
    name,
    props: { instanceType, subnetId: outside ? where.subnet : unknownValue.string, ...props },
    propertyDependencies: outside || !where.subnet ? {} : { subnetId: [where.subnet] },
  };
}

export function attachment(
  name: string,
  instanceName: string,
  eniName: string,
  deviceIndex: number,
  props: Record<string, unknown> = {},
): StackResourceSpec {
  return {
    type: awsTypes.attachment,
    name,
    props: { instanceId: unknownValue.string, networkInterfaceId: unknownValue.string, deviceIndex, ...props },
    propertyDependencies: { instanceId: [instanceName], networkInterfaceId: [eniName] },
  };
}

/** An instance in subnet "a" with `count` interfaces attached after launch (eth1…), all in subnet "a". */
export function serverWithAttachments(
  name: string,
  instanceType: string,
  count: number,
  az = "us-east-1a",
): StackResourceSpec[] {
  const specs: StackResourceSpec[] = [
    subnet(`net-${name}`, az),
    instance(name, instanceType, { subnet: `net-${name}` }),
  ];
  for (let i = 1; i <= count; i++) {
    specs.push(
      eni(`${name}-eth${i}`, `net-${name}`),
      attachment(`${name}-eth${i}-attachment`, name, `${name}-eth${i}`, i),
    );
  }
  return specs;
}
