import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedInstance, PlannedPolicy } from "../plan/instancePlan";
import type { Children } from "./children";

/** The IAM role the component creates for its instances, with its profile and policy attachments. */
export interface BuiltInstanceRole {
  role: aws.iam.Role;
  instanceProfile: aws.iam.InstanceProfile;
  policyAttachments: aws.iam.RolePolicyAttachment[];
}

/** Lets EC2 instances take the role (the trust policy every instance role has). */
const ec2TrustPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** The role, its instance profile and one attachment per managed policy; `undefined` without `instanceRole`. */
export function buildInstanceRole(children: Children, instance: PlannedInstance): BuiltInstanceRole | undefined {
  if (!instance.rolePolicies) return undefined;
  return buildRole(children, "", `Instance role of ${children.name}`, instance.rolePolicies);
}

/**
 * A role EC2 instances may take, named `<name>-<prefix>role`, its instance profile
 * (`<name>-<prefix>instance-profile`) and one attachment per managed policy (`<name>-<prefix>role-<policy>`).
 */
export function buildRole(
  children: Children,
  prefix: string,
  description: string,
  policies: PlannedPolicy[],
): BuiltInstanceRole {
  const roleName = children.nameOf(`${prefix}role`);
  const role = new aws.iam.Role(
    roleName,
    { assumeRolePolicy: ec2TrustPolicy, description, tags: children.tags(roleName) },
    children.options(roleName),
  );
  // AWS managed policies live in each partition (aws, aws-cn, aws-us-gov) under the account "aws".
  const partition = aws.getPartitionOutput({}, { parent: children.component }).partition;
  const policyAttachments = policies.map((policy) => {
    const attachmentName = children.nameOf(`${prefix}role-${policy.key}`);
    return new aws.iam.RolePolicyAttachment(
      attachmentName,
      { role: role.name, policyArn: policy.arn ?? pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy.key}` },
      children.options(attachmentName),
    );
  });
  const profileName = children.nameOf(`${prefix}instance-profile`);
  const instanceProfile = new aws.iam.InstanceProfile(
    profileName,
    { role: role.name, tags: children.tags(profileName) },
    children.options(profileName),
  );
  return { role, instanceProfile, policyAttachments };
}
