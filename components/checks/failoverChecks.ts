import { ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";
import { failoverUserDataPart, type MonitorSettings } from "../failover/userDataPart";
import { defaultHealthCheck, type PlannedHealthCheck } from "../plan/failoverPlan";
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
  const monitor = failoverUserDataPart(sizingSettings(plan, plan.failover.healthCheck));
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
  if (args.failover !== true) return [];
  const problems: string[] = [];
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

/** The monitor's settings with placeholder ids as long as real ones: the user data's size at its largest. */
export function sizingSettings(plan: ServerPlan, healthCheck: PlannedHealthCheck): MonitorSettings {
  return {
    primaryAddress: "255.255.255.255",
    primaryInterfaceId: longestEniId,
    interfaces: plan.interfaces.slice(1).map((eni) => ({
      name: eni.role,
      id: longestEniId,
      deviceIndex: plan.slots[eni.position].deviceIndex,
      networkCardIndex: plan.slots[eni.position].networkCardIndex,
    })),
    healthCheck,
  };
}
