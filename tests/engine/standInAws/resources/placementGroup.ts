// TEST DOUBLE (part of the stand-in AWS provider): EC2 placement groups as
// ec2/ec2_placement_group.go manages them (the group's id is its name; an update changes tags only;
// a group already gone is no error on delete), kept by the stand-in because moto has none
// (keptState.ts).
import { awsTypes } from "dual-homed-server-rules";
import { randomBytes } from "node:crypto";
import { ignoring } from "../errors";
import { createPlacementGroup, deletePlacementGroup, describePlacementGroup, tagPlacementGroup } from "../keptState";
import type { ResourceHandler } from "../resourceHandler";
import { describeInstance } from "./instance";

export const placementGroup: ResourceHandler = {
  type: awsTypes.placementGroup,
  name: "EC2 Placement Group",
  async create(inputs) {
    const name = inputs.name as string;
    await createPlacementGroup({
      groupName: name,
      groupId: `pg-${randomBytes(8).toString("hex").slice(0, 17)}`,
      strategy: inputs.strategy as string,
      spreadLevel: inputs.spreadLevel as string | undefined,
      partitionCount: inputs.partitionCount as number | undefined,
      tags: (inputs.tags ?? {}) as Record<string, string>,
    });
    return { id: name, outs: (await placementGroup.read(name, inputs))! };
  },
  async read(id, olds) {
    const group = await describePlacementGroup(id);
    if (!group) return undefined;
    return {
      ...olds,
      id,
      name: group.groupName,
      placementGroupId: group.groupId,
      strategy: group.strategy,
      spreadLevel: group.spreadLevel ?? "",
      partitionCount: group.partitionCount ?? 0,
      arn: `arn:aws:ec2:us-east-1:123456789012:placement-group/${id}`,
      tags: group.tags,
    };
  },
  async update(id, _olds, news) {
    await tagPlacementGroup(id, (news.tags ?? {}) as Record<string, string>);
    return (await placementGroup.read(id, news))!;
  },
  async delete(id) {
    await ignoring(["InvalidPlacementGroup.Unknown"], () =>
      deletePlacementGroup(id, async (ids) => {
        const states = await Promise.all(ids.map(async (i) => [i, (await describeInstance(i))?.State?.Name] as const));
        return states.filter(([, state]) => state !== undefined && state !== "terminated").map(([i]) => i);
      }),
    );
  },
};
