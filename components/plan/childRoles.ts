// The roles children are named by (`${name}-<role>`), for the builders and for the adopt command,
// which records the id of each existing resource under the role the component gives it.

/** An ingress rule of an interface's group, named after its content so edits don't shift others. */
export function ingressRuleRole(eniRole: string, protocol: string, ports: string, cidr: string): string {
  return `${eniRole}-ingress-${protocol}-${ports}-${cidr.replace(/:/g, "_").replace("/", "-")}`;
}

/** The port part of a rule's role: `80-80`, or `all` for every protocol. */
export function portsKey(ports: { fromPort?: number; toPort?: number } | undefined): string {
  return ports ? `${ports.fromPort}-${ports.toPort}` : "all";
}

/** The Elastic IP bound to a written-out address (its association adds `-association`). */
export function writtenOutEipRole(eniRole: string, address: string): string {
  return `${eniRole}-ip-${address.replace(/\./g, "-")}-eip`;
}

/** The Elastic IP bound to the k-th address in EC2's order (its association adds `-association`). */
export function countedEipRole(eniRole: string, k: number): string {
  return `${eniRole}-ip${k}-eip`;
}
