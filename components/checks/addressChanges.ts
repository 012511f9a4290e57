import { ruleNames } from "dual-homed-server-rules";
import type { PlannedInterface } from "../plan/interfacePlan";

/**
 * What an update would do to the private addresses an existing interface holds that moves an
 * Elastic IP or that EC2 refuses, as one message per problem. `held` is what the interface holds
 * now, in EC2's order (primary first, then as assigned).
 *
 * - Lowering `secondaryPrivateIpCount`: the AWS provider unassigns the first addresses of its
 *   unordered set, not the last assigned, so associations would have to move to other addresses.
 * - Leaving the primary address out of `privateIpAddresses`: EC2 cannot unassign it.
 * - Switching from a count to `privateIpAddresses` that are not the addresses held, in EC2's order.
 */
export function addressChangeProblems(
  eni: PlannedInterface,
  interfaceId: string,
  held: readonly string[],
  /** Whether the interface's addresses were written out before this update (`undefined`: not known). */
  wereWrittenOut?: boolean,
): string[] {
  const primary = held[0];
  if (eni.privateIpAddresses) {
    const listed = eni.privateIpAddresses;
    const asHeld = listed.length === held.length && held.every((ip, i) => listed[i] === ip);
    if (wereWrittenOut === false && !asHeld) {
      // The Elastic IPs are renamed after their addresses in this update, each taking over the one
      // at its place in the list; that is its own only when the list is what the interface holds.
      return [
        `${ruleNames.eipStaysOnItsAddress}: ${eni.argsPath}.privateIpAddresses is not what ${eni.role} ` +
          `(${interfaceId}) holds, in the update that replaces secondaryPrivateIpCount, so Elastic IPs would ` +
          `move. First list exactly the addresses it holds, in this order: privateIpAddresses: ` +
          `${JSON.stringify(held)} (nothing changes); then add, remove or reorder addresses in a later update.`,
      ];
    }
    if (primary === undefined || listed.includes(primary)) return [];
    return [
      `${ruleNames.eniPrimaryAddressKept}: ${eni.argsPath}.privateIpAddresses leaves out "${primary}", the primary ` +
        `private address of ${eni.role} (${interfaceId}); AWS cannot unassign an interface's primary address. Keep ` +
        `it in the list (a different primary needs a new interface).`,
    ];
  }
  if (held.length <= eni.ipv4Count) return [];
  return [
    `${ruleNames.eipStaysOnItsAddress}: ${eni.argsPath}.secondaryPrivateIpCount would go from ${held.length - 1} to ` +
      `${eni.ipv4Count - 1} on ${eni.role} (${interfaceId}), but the AWS provider picks which addresses to unassign ` +
      `(not the last ones), so Elastic IPs would move to other addresses. Write out the addresses to keep instead, ` +
      `e.g. privateIpAddresses: ${JSON.stringify(held.slice(0, eni.ipv4Count))} (it holds ${held.join(", ")} now), ` +
      `and remove secondaryPrivateIpCount.`,
  ];
}

/** The addresses in EC2's order from an interface's state: its primary, then its ordered list. */
export function addressesInState(state: { privateIp?: unknown; privateIpLists?: unknown } | undefined): string[] {
  const primary = typeof state?.privateIp === "string" ? state.privateIp : undefined;
  const listed = Array.isArray(state?.privateIpLists)
    ? state.privateIpLists.filter((ip) => typeof ip === "string")
    : [];
  return primary === undefined ? listed : [primary, ...listed.filter((ip) => ip !== primary)];
}
