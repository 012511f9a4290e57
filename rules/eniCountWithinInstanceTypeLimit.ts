import type { InstanceNetworkLimits } from "./limits";
import { ruleNames } from "./names";

/** Where one interface sits on an instance. */
export interface InterfaceSlot {
  label: string;
  /** 0 for the primary interface; `undefined` while not known (counted, not compared). */
  deviceIndex?: number;
  /** Default 0. */
  networkCardIndex?: number;
  /** True for interfaces attached after launch (an `aws.ec2.NetworkInterfaceAttachment`). */
  attachedAfterLaunch?: boolean;
}

/** One card's problems: a card the type lacks, too many interfaces on it, a device index used twice. */
function cardProblems(
  instanceLabel: string,
  instanceType: string,
  limits: InstanceNetworkLimits,
  card: number,
  onCard: InterfaceSlot[],
  totalReported: boolean,
): string[] {
  const rule = ruleNames.eniCountWithinInstanceTypeLimit;
  const problems: string[] = [];
  const cardLimit = limits.networkCards.find((c) => c.index === card);
  if (!cardLimit) {
    const valid = limits.networkCards.map((c) => c.index).join(", ");
    problems.push(
      `${rule}: ${onCard.map((s) => s.label).join(", ")} use(s) network card ${card} but ${instanceType} ` +
        `has network cards ${valid} only.`,
    );
  } else if (onCard.length > cardLimit.maxNetworkInterfaces && !(limits.networkCards.length === 1 && totalReported)) {
    // On a one-card type the card limit is the total limit, reported once as the total.
    problems.push(
      `${rule}: instance ${instanceLabel} has ${onCard.length} interfaces on network card ${card} but ` +
        `${instanceType} allows ${cardLimit.maxNetworkInterfaces} on that card; move some to another ` +
        `card with networkCardIndex.`,
    );
  }
  const seen = new Map<number, string>();
  for (const slot of onCard) {
    if (slot.deviceIndex === undefined) continue;
    const holder = seen.get(slot.deviceIndex);
    if (holder !== undefined) {
      problems.push(
        `${rule}: ${slot.label} and ${holder} both use device index ${slot.deviceIndex} on network ` +
          `card ${card} of instance ${instanceLabel}; each interface needs its own index.`,
      );
    }
    seen.set(slot.deviceIndex, slot.label);
  }
  return problems;
}

/**
 * An instance holds at most `maxNetworkInterfaces` interfaces (primary included), at most the
 * card's own maximum on each network card, one interface per device index on a card, and index 0
 * belongs to the primary interface, which cannot be attached or detached later.
 */
export function eniCountWithinInstanceTypeLimit(
  instanceLabel: string,
  instanceType: string,
  limits: InstanceNetworkLimits,
  slots: InterfaceSlot[],
): string[] {
  const rule = ruleNames.eniCountWithinInstanceTypeLimit;
  const problems: string[] = [];
  const totalReported = slots.length > limits.maxNetworkInterfaces;
  if (totalReported) {
    problems.push(
      `${rule}: instance ${instanceLabel} has ${slots.length} network interfaces but ${instanceType} ` +
        `allows at most ${limits.maxNetworkInterfaces} (primary included). Remove ` +
        `${slots.length - limits.maxNetworkInterfaces} interface(s) or choose a larger instance type.`,
    );
  }
  const byCard = new Map<number, InterfaceSlot[]>();
  for (const slot of slots) {
    const card = slot.networkCardIndex ?? 0;
    byCard.set(card, [...(byCard.get(card) ?? []), slot]);
  }
  for (const [card, onCard] of [...byCard].sort(([a], [b]) => a - b)) {
    problems.push(...cardProblems(instanceLabel, instanceType, limits, card, onCard, totalReported));
  }
  for (const slot of slots) {
    if (slot.attachedAfterLaunch && slot.deviceIndex === 0 && (slot.networkCardIndex ?? 0) === 0) {
      problems.push(
        `${rule}: ${slot.label} attaches to instance ${instanceLabel} at device index 0, which is the ` +
          `primary interface's; attachments use index 1 or higher.`,
      );
    }
  }
  return problems;
}
