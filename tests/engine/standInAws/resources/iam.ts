// TEST DOUBLE (part of the stand-in AWS provider): IAM roles, instance profiles, role policy
// attachments and inline role policies through the IAM API of moto, as internal/service/iam/ does
// them (role.go, instance_profile.go, role_policy_attachment.go, role_policy.go).
import * as iam from "@aws-sdk/client-iam";
import { awsTypes } from "dual-homed-server-rules";
import { iamClient } from "../awsClients";
import { ignoring, unlessNotFound } from "../errors";
import { noInPlaceUpdate, type Props, type ResourceHandler } from "../resourceHandler";

const iamTags = (tags: Props | undefined): iam.Tag[] | undefined =>
  tags && Object.keys(tags).length > 0
    ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) }))
    : undefined;
const tagsOf = (tags: iam.Tag[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value ?? ""]));
const changed = (olds: Props, news: Props, key: string) =>
  news[key] !== undefined && JSON.stringify(news[key]) !== JSON.stringify(olds[key]);

/** Tags added or changed and tags removed, with the type's own tag calls. */
async function retag(olds: Props, news: Props, tag: (tags: iam.Tag[]) => unknown, untag: (keys: string[]) => unknown) {
  const before = (olds.tags ?? {}) as Record<string, string>;
  const after = (news.tags ?? {}) as Record<string, string>;
  const removed = Object.keys(before).filter((key) => !(key in after));
  if (removed.length > 0) await untag(removed);
  const set = Object.entries(after).filter(([key, value]) => before[key] !== value);
  if (set.length > 0) await tag(set.map(([Key, Value]) => ({ Key, Value })));
}

export const iamRole: ResourceHandler = {
  type: awsTypes.iamRole,
  name: "IAM Role",
  async create(inputs) {
    await iamClient().send(
      new iam.CreateRoleCommand({
        RoleName: inputs.name,
        Path: inputs.path,
        AssumeRolePolicyDocument: inputs.assumeRolePolicy,
        Description: inputs.description,
        MaxSessionDuration: inputs.maxSessionDuration,
        PermissionsBoundary: inputs.permissionsBoundary,
        Tags: iamTags(inputs.tags),
      }),
    );
    return { id: inputs.name as string, outs: (await iamRole.read(inputs.name as string, inputs))! };
  },
  async read(id, olds) {
    const role = (await unlessNotFound(() => iamClient().send(new iam.GetRoleCommand({ RoleName: id }))))?.Role;
    if (!role) return undefined;
    return {
      ...olds,
      id,
      name: role.RoleName,
      arn: role.Arn,
      uniqueId: role.RoleId,
      path: role.Path,
      description: role.Description || undefined,
      maxSessionDuration: role.MaxSessionDuration,
      assumeRolePolicy: decodeURIComponent(role.AssumeRolePolicyDocument ?? ""),
      tags: tagsOf(role.Tags),
    };
  },
  // resourceRoleUpdate: the trust policy, the description and session duration, the tags.
  async update(id, olds, news) {
    if (changed(olds, news, "assumeRolePolicy")) {
      await iamClient().send(
        new iam.UpdateAssumeRolePolicyCommand({ RoleName: id, PolicyDocument: news.assumeRolePolicy }),
      );
    }
    if (changed(olds, news, "description") || changed(olds, news, "maxSessionDuration")) {
      await iamClient().send(
        new iam.UpdateRoleCommand({
          RoleName: id,
          Description: news.description ?? "",
          MaxSessionDuration: news.maxSessionDuration,
        }),
      );
    }
    await retag(
      olds,
      news,
      (Tags) => iamClient().send(new iam.TagRoleCommand({ RoleName: id, Tags })),
      (TagKeys) => iamClient().send(new iam.UntagRoleCommand({ RoleName: id, TagKeys })),
    );
    return (await iamRole.read(id, news))!;
  },
  // deleteRole: the role taken out of every instance profile first (deleteRoleInstanceProfiles),
  // then DeleteRole; a role already gone is no error.
  async delete(id) {
    const profiles = await unlessNotFound(() =>
      iamClient().send(new iam.ListInstanceProfilesForRoleCommand({ RoleName: id })),
    );
    for (const profile of profiles?.InstanceProfiles ?? []) {
      await ignoring(["NoSuchEntity"], () =>
        iamClient().send(
          new iam.RemoveRoleFromInstanceProfileCommand({
            InstanceProfileName: profile.InstanceProfileName,
            RoleName: id,
          }),
        ),
      );
    }
    await ignoring(["NoSuchEntity"], () => iamClient().send(new iam.DeleteRoleCommand({ RoleName: id })));
  },
};

export const instanceProfile: ResourceHandler = {
  type: awsTypes.instanceProfile,
  name: "IAM Instance Profile",
  async create(inputs) {
    const name = inputs.name as string;
    await iamClient().send(
      new iam.CreateInstanceProfileCommand({
        InstanceProfileName: name,
        Path: inputs.path,
        Tags: iamTags(inputs.tags),
      }),
    );
    if (inputs.role) {
      await iamClient().send(
        new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: inputs.role }),
      );
    }
    return { id: name, outs: (await instanceProfile.read(name, inputs))! };
  },
  async read(id, olds) {
    const profile = (
      await unlessNotFound(() => iamClient().send(new iam.GetInstanceProfileCommand({ InstanceProfileName: id })))
    )?.InstanceProfile;
    if (!profile) return undefined;
    return {
      ...olds,
      id,
      name: profile.InstanceProfileName,
      arn: profile.Arn,
      uniqueId: profile.InstanceProfileId,
      path: profile.Path,
      role: profile.Roles?.[0]?.RoleName,
      tags: tagsOf(profile.Tags),
    };
  },
  // resourceInstanceProfileUpdate: a new role replaces the old one in the profile (removed, then added).
  async update(id, olds, news) {
    if ((olds.role ?? "") !== (news.role ?? "")) {
      if (olds.role) {
        await ignoring(["NoSuchEntity"], () =>
          iamClient().send(
            new iam.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: id, RoleName: olds.role }),
          ),
        );
      }
      if (news.role) {
        await iamClient().send(
          new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: id, RoleName: news.role }),
        );
      }
    }
    await retag(
      olds,
      news,
      (Tags) => iamClient().send(new iam.TagInstanceProfileCommand({ InstanceProfileName: id, Tags })),
      (TagKeys) => iamClient().send(new iam.UntagInstanceProfileCommand({ InstanceProfileName: id, TagKeys })),
    );
    return (await instanceProfile.read(id, news))!;
  },
  // resourceInstanceProfileDelete: its role removed first, then the profile; a profile already gone is no error.
  async delete(id, olds) {
    if (olds.role) {
      await ignoring(["NoSuchEntity"], () =>
        iamClient().send(
          new iam.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: id, RoleName: olds.role }),
        ),
      );
    }
    await ignoring(["NoSuchEntity"], () =>
      iamClient().send(new iam.DeleteInstanceProfileCommand({ InstanceProfileName: id })),
    );
  },
};

export const rolePolicyAttachment: ResourceHandler = {
  type: awsTypes.rolePolicyAttachment,
  name: "IAM Role Policy Attachment",
  async create(inputs) {
    await iamClient().send(new iam.AttachRolePolicyCommand({ RoleName: inputs.role, PolicyArn: inputs.policyArn }));
    const id = `${String(inputs.role)}/${String(inputs.policyArn)}`;
    return { id, outs: (await rolePolicyAttachment.read(id, inputs))! };
  },
  // resourceRolePolicyAttachmentRead: gone from the state when the role no longer has the policy.
  async read(id, olds) {
    const attached = await unlessNotFound(() =>
      iamClient().send(new iam.ListAttachedRolePoliciesCommand({ RoleName: olds.role })),
    );
    const found = (attached?.AttachedPolicies ?? []).some((p) => p.PolicyArn === olds.policyArn);
    return found ? { ...olds, id } : undefined;
  },
  update: noInPlaceUpdate("RolePolicyAttachment"),
  async delete(_id, olds) {
    await ignoring(["NoSuchEntity"], () =>
      iamClient().send(new iam.DetachRolePolicyCommand({ RoleName: olds.role, PolicyArn: olds.policyArn })),
    );
  },
};

/** An inline policy of a role, `role:name` (resourceRolePolicy): PutRolePolicy creates and updates it. */
export const rolePolicy: ResourceHandler = {
  type: awsTypes.rolePolicy,
  name: "IAM Role Policy",
  async create(inputs) {
    const put = { RoleName: inputs.role, PolicyName: inputs.name, PolicyDocument: inputs.policy };
    await iamClient().send(new iam.PutRolePolicyCommand(put));
    const id = `${String(inputs.role)}:${String(inputs.name)}`;
    return { id, outs: (await rolePolicy.read(id, inputs))! };
  },
  async read(id, olds) {
    const [role, name] = id.split(":");
    const found = await unlessNotFound(() =>
      iamClient().send(new iam.GetRolePolicyCommand({ RoleName: role, PolicyName: name })),
    );
    if (!found) return undefined;
    return { ...olds, id, role, name, policy: decodeURIComponent(found.PolicyDocument ?? "") };
  },
  async update(id, _olds, news) {
    const [role, name] = id.split(":");
    await iamClient().send(
      new iam.PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: news.policy }),
    );
    return (await rolePolicy.read(id, news))!;
  },
  async delete(id) {
    const [role, name] = id.split(":");
    await ignoring(["NoSuchEntity"], () =>
      iamClient().send(new iam.DeleteRolePolicyCommand({ RoleName: role, PolicyName: name })),
    );
  },
};
