import { ruleNames } from "dual-homed-server-rules";

/** An interface's attachment: as the stack recorded it, or as EC2 shows it now. */
export interface HeldBy {
  attachmentId: string;
  instanceId: string;
}

/** How one secondary interface is held, for `heldAsRecordedProblems`. */
export interface HolderFacts {
  /** `eth<N>`. */
  role: string;
  networkInterfaceId: string;
  /** The attachment the stack holds; `undefined` when the stack is about to create one. */
  recorded?: HeldBy;
  /** What EC2 shows now; `undefined` when the interface is attached to no instance. */
  now?: HeldBy;
  /** What to call each of the stack's instances by id: "the instance", "the standby". */
  labels: Record<string, string>;
  /** The stack's name, for the command that records a takeover. */
  stack: string;
}

function holder(held: HeldBy, labels: Record<string, string>): string {
  const label = labels[held.instanceId];
  return `${held.instanceId}${label ? ` (${label})` : ""} as ${held.attachmentId}`;
}

/**
 * Whether EC2 holds the interface as the stack records it. A takeover by the failover monitor (or
 * any move outside the stack) leaves the stack with an attachment EC2 no longer has; the stack
 * would neither move the interface back (attaching an interface in use fails) nor agree with EC2.
 * Refused, naming the command that records the takeover in the stack.
 */
export function heldAsRecordedProblems(facts: HolderFacts): string[] {
  const { recorded, now, labels } = facts;
  const eni = `${facts.role} (${facts.networkInterfaceId})`;
  const record = `record the takeover with \`npm run takeover -- --stack ${facts.stack}\` (the component README, "After a failover")`;
  if (recorded && !now) {
    return [
      `${ruleNames.eniHeldAsRecorded}: ${eni} is attached to no instance, but the stack holds it attached to ` +
        `${holder(recorded, labels)}: a takeover may be under way; once EC2 shows it attached, ${record}.`,
    ];
  }
  if (recorded && now && now.attachmentId !== recorded.attachmentId) {
    return [
      `${ruleNames.eniHeldAsRecorded}: ${eni} is attached to ${holder(now, labels)}, but the stack holds it attached to ` +
        `${holder(recorded, labels)}: it was moved outside the stack, e.g. by the failover monitor; ${record}.`,
    ];
  }
  if (!recorded && now) {
    return [
      `${ruleNames.eniHeldAsRecorded}: ${eni} is attached to ${holder(now, labels)}, which the stack does not hold ` +
        `(after a takeover and a refresh), so attaching it again would fail; ${record}.`,
    ];
  }
  return [];
}
