import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedInstance } from "../plan/instancePlan";
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
  const roleName = children.nameOf("role");
  const role = new aws.iam.Role(
    roleName,
    {
      assumeRolePolicy: ec2TrustPolicy,
      description: `Instance role of ${children.name}`,
      tags: children.tags(roleName),
    },
    children.options(),
  );
  // AWS managed policies live in each partition (aws, aws-cn, aws-us-gov) under the account "aws".
  const partition = aws.getPartitionOutput({}, { parent: children.component }).partition;
  const policyAttachments = instance.rolePolicies.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        children.nameOf(`role-${policy.key}`),
        {
          role: role.name,
          policyArn: policy.arn ?? pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy.key}`,
        },
        children.options(),
      ),
  );
  const profileName = children.nameOf("instance-profile");
  const instanceProfile = new aws.iam.InstanceProfile(
    profileName,
    { role: role.name, tags: children.tags(profileName) },
    children.options(),
  );
  return { role, instanceProfile, policyAttachments };
}
