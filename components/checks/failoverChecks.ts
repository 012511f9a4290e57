import { ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";
import { failoverUserDataPart, type MonitorSettings } from "../failover/userDataPart";
import { defaultHealthCheck, type PlannedFailover } from "../plan/failoverPlan";
import type { ServerPlan } from "../plan/serverPlan";
import { defaultIndexHtml, maxUserDataBytes, sizingFamily, userDataDocument, userDataParts } from "../userData";

/** A whole number within [least, most], or the problem with it. */
function wholeWithin(field: string, value: number | undefined, least: number, most: number, why: string): string[] {
  return value !== undefined && (!Number.isInteger(value) || value < least || value > most)
    ? [
        `${ruleNames.validFailoverHealthCheck}: failoverHealthCheck.${field} is ${JSON.stringify(value)}; give a whole ` +
          `number from ${least} to ${most}${why}.`,
      ]
    : [];
}

function healthCheckProblems(given: NonNullable<DualHomedServerArgs["failoverHealthCheck"]>): string[] {
  const path = given.path;
  const interval = Number.isInteger(given.intervalSeconds)
    ? given.intervalSeconds!
    : defaultHealthCheck.intervalSeconds;
  return [
    ...(path !== undefined && (typeof path !== "string" || !/^\/[\x21-\x7e]{0,1023}$/.test(path))
      ? [
          `${ruleNames.validFailoverHealthCheck}: failoverHealthCheck.path is ${JSON.stringify(path)}; give a path ` +
            `that starts with "/" in printable ASCII without spaces, e.g. "/" or "/health".`,
        ]
      : []),
    ...wholeWithin("port", given.port, 1, 65535, ""),
    ...wholeWithin("intervalSeconds", given.intervalSeconds, 1, 300, ""),
    ...wholeWithin(
      "unhealthyThreshold",
      given.unhealthyThreshold,
      2,
      10,
      " (one failed check never moves the interfaces: 2 at least)",
    ),
    ...wholeWithin("timeoutSeconds", given.timeoutSeconds, 1, interval, " (at most the interval between checks)"),
    ...(given.unhealthyWhen !== undefined && !unhealthyRules.includes(given.unhealthyWhen)
      ? [
          `${ruleNames.validFailoverHealthCheck}: failoverHealthCheck.unhealthyWhen is ${JSON.stringify(given.unhealthyWhen)}; ` +
            `use "all" (every checked address fails), "any" (one fails) or "eth0" (eth0's address alone is checked).`,
        ]
      : []),
    ...(given.healthyStatusCodes !== undefined && !validStatusCodes(given.healthyStatusCodes)
      ? [
          `${ruleNames.validFailoverHealthCheck}: failoverHealthCheck.healthyStatusCodes is ` +
            `${JSON.stringify(given.healthyStatusCodes)}; give HTTP codes or ranges from 100 to 599 separated by commas, ` +
            `each range low to high, e.g. "200-399" or "200-399,503".`,
        ]
      : []),
  ];
}

const unhealthyRules: unknown[] = ["all", "any", "eth0"];

/** An Elastic Load Balancing matcher: `200`, `200,202`, `200-399,503`; every code 100–599, ranges low to high. */
export function validStatusCodes(value: unknown): boolean {
  if (typeof value !== "string" || !/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(value)) return false;
  return value.split(",").every((part) => {
    const [low, high = low] = part.split("-").map(Number);
    return low >= 100 && high <= 599 && low <= high;
  });
}

/** An SNS topic ARN: `arn:<partition>:sns:<region>:<account>:<name>` (names: letters, digits, `-`, `_`, 1–256, `.fifo` allowed). */
const topicArnPattern = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** `failoverConfirmation`, `failoverFencing` and `failoverNotifications`. */
function takeoverOptionProblems(args: DualHomedServerArgs): string[] {
  const problems: string[] = [];
  const { failoverConfirmation: confirmation, failoverFencing: fencing, failoverNotifications: notifications } = args;
  if (confirmation !== undefined && confirmation !== "ec2-status" && confirmation !== "none") {
    problems.push(
      `${ruleNames.validOptionType}: failoverConfirmation is ${JSON.stringify(confirmation)}; use "ec2-status" ` +
        `(EC2's view of the instance must agree it failed) or "none" (the checks alone, with failoverFencing: true).`,
    );
  }
  if (fencing !== undefined && typeof fencing !== "boolean") {
    problems.push(`${ruleNames.validOptionType}: failoverFencing is ${JSON.stringify(fencing)}; use true or false.`);
  }
  if (confirmation === "none" && fencing !== true) {
    problems.push(
      `${ruleNames.failoverChecksAloneNeedFencing}: failoverConfirmation is "none" without failoverFencing: true; ` +
        `the checks alone cannot tell a failed instance from a partition, so the standby would take a live ` +
        `instance's addresses. Set failoverFencing: true (the instance is stopped before anything moves), or leave ` +
        `failoverConfirmation unset.`,
    );
  }
  if (fencing === true && args.stopProtection === true) {
    // EC2 refuses StopInstances on an instance with stop protection, Force or not: the standby could
    // never fence, so it would never move anything.
    problems.push(
      `${ruleNames.fencingNeedsStoppableInstance}: failoverFencing and stopProtection are both true; EC2 refuses ` +
        `to stop an instance with stop protection (disableApiStop), even with Force, so the standby could never ` +
        `fence it and would never take over. Turn one of them off.`,
    );
  }
  if (notifications !== undefined) {
    const topicArn = typeof notifications === "object" && notifications !== null ? notifications.topicArn : undefined;
    if (typeof notifications !== "object" || notifications === null || Array.isArray(notifications)) {
      problems.push(
        `${ruleNames.validFailoverNotifications}: failoverNotifications is ${JSON.stringify(notifications)}; give {} ` +
          `(the component creates a topic) or { topicArn: "arn:aws:sns:<region>:<account>:<name>" }.`,
      );
    } else if (typeof topicArn === "string" && !topicArnPattern.test(topicArn)) {
      problems.push(
        `${ruleNames.validFailoverNotifications}: failoverNotifications.topicArn is ${JSON.stringify(topicArn)}, not an ` +
          `SNS topic ARN; give arn:<partition>:sns:<region>:<account>:<topic>, or leave it out to have the ` +
          `component create a topic.`,
      );
    }
  }
  return problems;
}

/** The takeover options given without `failover: true`, where they would do nothing. */
function unusedTakeoverOptions(args: DualHomedServerArgs): string[] {
  const given = (["failoverConfirmation", "failoverFencing", "failoverNotifications"] as const).filter(
    (key) => args[key] !== undefined,
  );
  return given.length === 0
    ? []
    : [
        `${ruleNames.failoverOptionNeedsFailover}: ${given.join(", ")} ${given.length === 1 ? "is" : "are"} set but ` +
          `failover is not true, so nothing would use ${given.length === 1 ? "it" : "them"}; set failover: true ` +
          `(with standby: true), or remove ${given.length === 1 ? "it" : "them"}.`,
      ];
}

/**
 * The standby's user data, the monitor's part included, within EC2's limit, naming each part's
 * size when it is not (the instance's own user data is checked with the instance options, and is
 * the smaller: reported there first).
 */
function standbyUserDataProblems(args: DualHomedServerArgs, plan: ServerPlan): string[] {
  if (!plan.failover) return [];
  const indexHtml = args.indexHtml ?? defaultIndexHtml;
  const own = userDataParts(indexHtml, args.bootScript, sizingFamily(args, indexHtml));
  if (Buffer.byteLength(userDataDocument(own)) > maxUserDataBytes) return [];
  const monitor = failoverUserDataPart(sizingSettings(plan, plan.failover));
  const total = Buffer.byteLength(userDataDocument([monitor, ...own]));
  if (total <= maxUserDataBytes) return [];
  const [failover, apache, boot] = [monitor, ...own].map((part) => Buffer.byteLength(part.script));
  return [
    `${ruleNames.userDataWithinLimit}: the standby's user data is ${total} bytes (the failover monitor ${failover}, ` +
      `the Apache setup with indexHtml ${apache}, bootScript ${boot ?? 0}, the multi-part framing ` +
      `${total - failover - apache - (boot ?? 0)}) but EC2 accepts at most ${maxUserDataBytes}; shorten the boot ` +
      `script or serve a smaller page.`,
  ];
}

/** `failover` and `failoverHealthCheck`, at construction. */
export function failoverProblems(args: DualHomedServerArgs, plan: ServerPlan): string[] {
  if (args.failover !== undefined && typeof args.failover !== "boolean") {
    return [`${ruleNames.validOptionType}: failover is ${JSON.stringify(args.failover)}; use true or false.`];
  }
  if (args.failover !== true) return unusedTakeoverOptions(args);
  const problems: string[] = [...takeoverOptionProblems(args)];
  if (args.standby !== true) {
    problems.push(
      `${ruleNames.failoverNeedsStandby}: failover is true but there is no standby to take the interfaces over; set ` +
        `standby: true, or leave failover unset.`,
    );
  }
  if (args.instanceProfileName !== undefined) {
    problems.push(
      `${ruleNames.failoverNeedsOwnInstanceProfile}: failover and instanceProfileName are both set; the standby needs ` +
        `a role of its own that may move the interfaces, which the component creates. Give your role's managed ` +
        `policies as instanceRole.managedPolicyArns instead (both instances get them), or leave failover unset.`,
    );
  }
  const healthCheck = healthCheckProblems(args.failoverHealthCheck ?? {});
  return [...problems, ...healthCheck, ...(healthCheck.length > 0 ? [] : standbyUserDataProblems(args, plan))];
}

/** An id of each kind at its longest (`eni-` and 17 hex digits), to size the user data before ids exist. */
const longestEniId = `eni-${"f".repeat(17)}`;

/**
 * The longest topic ARN the monitor may be given: the user's, or one the component creates
 * (`<name>-failover-topic` and the 8 characters Pulumi's auto-naming adds), in the longest region
 * name of the longest partition; a topic ARN not known yet is sized at SNS's longest name.
 */
function longestTopicArn(name: string, topicArn: unknown): string {
  const prefix = "arn:aws-us-gov:sns:us-gov-west-1:123456789012:";
  if (typeof topicArn === "string") return topicArn;
  return prefix + (topicArn === undefined ? `${name}-failover-topic-1234567` : "t".repeat(256));
}

/** The monitor's settings with placeholder ids as long as real ones: the user data's size at its largest. */
export function sizingSettings(plan: ServerPlan, failover: PlannedFailover): MonitorSettings {
  const secondaries = plan.interfaces.slice(1);
  return {
    serverName: failover.serverName,
    checks: [
      { name: "eth0", address: "255.255.255.255" },
      ...(failover.healthCheck.unhealthyWhen === "eth0"
        ? []
        : secondaries.map((eni) => ({ name: eni.role, address: "255.255.255.255" }))),
    ],
    primaryInterfaceId: longestEniId,
    interfaces: secondaries.map((eni) => ({
      name: eni.role,
      id: longestEniId,
      deviceIndex: plan.slots[eni.position].deviceIndex,
      networkCardIndex: plan.slots[eni.position].networkCardIndex,
    })),
    healthCheck: failover.healthCheck,
    confirmation: failover.confirmation,
    fencing: failover.fencing,
    topicArn: failover.notifications
      ? longestTopicArn(failover.serverName, failover.notifications.topicArn)
      : undefined,
  };
}
