import type * as pulumi from "@pulumi/pulumi";
import type { DualHomedServerArgs } from "../args";
import { defaultMaxSecurityGroupsPerEni } from "dual-homed-server-rules";

/** The AWS managed policy Session Manager needs on the instance. */
export const sessionManagerPolicy = "AmazonSSMManagedInstanceCore";

/** One managed policy the component's role attaches. */
export interface PlannedPolicy {
  /** The policy's name, which its attachment is named after. */
  key: string;
  /** The ARN as given, or `undefined` for an AWS managed policy whose ARN takes the partition. */
  arn?: string;
}

/** The options both the instance and its standby are launched with, defaults applied. */
export interface PlannedInstance {
  /** An existing instance profile, by name. */
  instanceProfileName?: pulumi.Input<string>;
  /** The managed policies of the role the component creates; `undefined`: no role. */
  rolePolicies?: PlannedPolicy[];
  rootVolume: {
    type: string;
    sizeGiB?: number;
    iops?: number;
    throughputMiBps?: number;
    kmsKeyId?: pulumi.Input<string>;
  };
  monitoring: boolean;
  terminationProtection: boolean;
  stopProtection: boolean;
  bootScript?: string;
  /** An existing placement group by name, or a spread group the component creates. */
  placement: { groupName?: pulumi.Input<string>; spread: boolean };
  /** The account's quota of security groups per interface. */
  maxSecurityGroupsPerInterface: number;
}

/** The policy's name: the last part of its ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`). */
export function policyName(arn: string): string {
  return arn.split("/").pop() ?? arn;
}

function rolePolicies(args: DualHomedServerArgs): PlannedPolicy[] | undefined {
  if (args.instanceRole === undefined) return undefined;
  const own = (args.instanceRole.managedPolicyArns ?? []).map((arn) => ({ key: policyName(String(arn)), arn }));
  return args.instanceRole.sessionManager === true ? [{ key: sessionManagerPolicy }, ...own] : own;
}

/** Applies the instance options' documented defaults once. */
export function planInstance(args: DualHomedServerArgs): PlannedInstance {
  const volume = args.rootVolume ?? {};
  return {
    instanceProfileName: args.instanceProfileName,
    rolePolicies: rolePolicies(args),
    rootVolume: {
      type: volume.type ?? "gp3",
      sizeGiB: volume.sizeGiB,
      iops: volume.iops,
      throughputMiBps: volume.throughputMiBps,
      kmsKeyId: volume.kmsKeyId,
    },
    monitoring: args.monitoring ?? false,
    terminationProtection: args.terminationProtection ?? false,
    stopProtection: args.stopProtection ?? false,
    bootScript: args.bootScript,
    placement: { groupName: args.placementGroupName, spread: args.spreadPlacement ?? false },
    maxSecurityGroupsPerInterface: args.maxSecurityGroupsPerInterface ?? defaultMaxSecurityGroupsPerEni,
  };
}
