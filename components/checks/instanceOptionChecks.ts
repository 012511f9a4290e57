import { eniSecurityGroupCount, rootVolumeWithinEbsLimits, ruleNames } from "dual-homed-server-rules";
import type { DualHomedServerArgs } from "../args";
import type { PlannedInstance } from "../plan/instancePlan";
import type { PlannedInterface } from "../plan/interfacePlan";
import { familyFromArguments } from "../guest/osFamily";
import { maxUserDataBytes, sizingFamily, userDataDocument, userDataParts } from "../userData";
import { listEntryProblems } from "./duplicateEntries";
import { emptyIdProblems } from "./interfaceArgumentChecks";

/** An IAM managed policy ARN: `arn:<partition>:iam::<account id or aws>:policy/<path/>name`. */
const policyArn = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;

function identityProblems(args: DualHomedServerArgs): string[] {
  const problems = emptyIdProblems("instanceProfileName", args.instanceProfileName, "the name of an instance profile");
  if (args.instanceProfileName !== undefined && args.instanceRole !== undefined) {
    problems.push(
      `${ruleNames.instanceRoleOrProfile}: instanceProfileName and instanceRole are both set; an instance has one ` +
        `profile. Keep instanceProfileName to use your own, or instanceRole to have the component create one.`,
    );
  }
  const arns = (args.instanceRole?.managedPolicyArns ?? []).map(String);
  arns.forEach((arn, i) => {
    if (!policyArn.test(arn)) {
      problems.push(
        `${ruleNames.validPolicyArn}: instanceRole.managedPolicyArns[${i}] is ${JSON.stringify(arn)}, not a managed ` +
          `policy ARN; write it as arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/Mine.`,
      );
    }
  });
  const names = arns.map((arn) => arn.split("/").pop() ?? arn);
  if (args.instanceRole?.sessionManager === true) names.unshift("AmazonSSMManagedInstanceCore");
  problems.push(...listEntryProblems("instanceRole's policies (by name, sessionManager's first)", names));
  return problems;
}

/** The groups of one interface: well-formed ids, no repeats, and within the account's quota. */
function securityGroupProblems(eni: PlannedInterface, where: string, max: number): string[] {
  const written = eni.extraSecurityGroupIds.filter((id): id is string => typeof id === "string");
  const malformed = written.flatMap((id, i) =>
    id.trim() !== "" && !/^sg-[0-9a-f]+$/.test(id)
      ? [`${ruleNames.validSecurityGroupId}: ${where}[${i}] is ${JSON.stringify(id)}; give a security group id (sg-…).`]
      : [],
  );
  return [
    ...malformed,
    ...listEntryProblems(where, written),
    ...eniSecurityGroupCount(`${eni.role} (its own group and ${where})`, 1 + eni.extraSecurityGroupIds.length, max),
  ];
}

function quotaProblems(args: DualHomedServerArgs): string[] {
  const max = args.maxSecurityGroupsPerInterface;
  return max !== undefined && (!Number.isInteger(max) || max < 1 || max > 16)
    ? [
        `${ruleNames.eniSecurityGroupCount}: maxSecurityGroupsPerInterface is ${max}; the quota is a whole number from ` +
          `1 to 16 (5 unless raised in Service Quotas).`,
      ]
    : [];
}

/** The whole user data within EC2's limit, naming each part's size when it is not. */
function userDataProblems(args: DualHomedServerArgs, indexHtml: string): string[] {
  const problems: string[] = [];
  if (args.bootScript !== undefined && !String(args.bootScript).startsWith("#!")) {
    problems.push(
      `${ruleNames.validBootScript}: bootScript starts with ${JSON.stringify(String(args.bootScript).slice(0, 20))}; ` +
        `cloud-init runs a part as a script only when it starts with "#!", e.g. "#!/bin/bash".`,
    );
  }
  // With the family read from the image later, the size is that of the longest family's setup.
  const family = sizingFamily(args, indexHtml);
  const parts = userDataParts(indexHtml, args.bootScript, family);
  const counted =
    familyFromArguments(args) === undefined
      ? `, or set osFamily: the size is counted with the longest setup (${family}'s) until the image is read`
      : "";
  const total = Buffer.byteLength(userDataDocument(parts));
  if (total > maxUserDataBytes && parts.length === 1) {
    problems.push(
      `${ruleNames.userDataWithinLimit}: indexHtml makes ${total} bytes of user data but EC2 accepts at most ` +
        `${maxUserDataBytes}; serve a smaller page${counted}.`,
    );
  } else if (total > maxUserDataBytes) {
    const [apache, boot] = parts.map((part) => Buffer.byteLength(part.script));
    problems.push(
      `${ruleNames.userDataWithinLimit}: the user data is ${total} bytes (the Apache setup with indexHtml ${apache}, ` +
        `bootScript ${boot}, the multi-part framing ${total - apache - boot}) but EC2 accepts at most ` +
        `${maxUserDataBytes}; shorten the boot script or serve a smaller page${counted}.`,
    );
  }
  return problems;
}

const booleanOptions = ["monitoring", "terminationProtection", "stopProtection", "spreadPlacement"] as const;

/** The instance options, at construction. */
export function instanceOptionProblems(
  args: DualHomedServerArgs,
  instance: PlannedInstance,
  interfaces: PlannedInterface[],
  indexHtml: string,
): string[] {
  const max = instance.maxSecurityGroupsPerInterface;
  const quota = quotaProblems(args);
  return [
    ...identityProblems(args),
    ...quota,
    ...(quota.length > 0
      ? []
      : interfaces.flatMap((eni) =>
          securityGroupProblems(eni, eni.position === 0 ? "securityGroupIds" : `${eni.argsPath}.securityGroupIds`, max),
        )),
    ...(args.rootVolume === undefined ? [] : rootVolumeWithinEbsLimits(instance.rootVolume, "rootVolume")),
    ...booleanOptions.flatMap((option) =>
      args[option] !== undefined && typeof args[option] !== "boolean"
        ? [`${ruleNames.validOptionType}: ${option} is ${JSON.stringify(args[option])}; use true or false.`]
        : [],
    ),
    ...emptyIdProblems("placementGroupName", args.placementGroupName, "the name of a placement group, or leave it out"),
    ...(args.placementGroupName !== undefined && args.spreadPlacement === true
      ? [
          `${ruleNames.placementGroupOrSpread}: placementGroupName and spreadPlacement are both set; keep ` +
            `placementGroupName to use your group, or spreadPlacement to have the component create a spread group.`,
        ]
      : []),
    ...userDataProblems(args, indexHtml),
  ];
}
