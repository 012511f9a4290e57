import * as aws from "@pulumi/aws";
import type { PlannedInstance } from "../plan/instancePlan";
import type { Children } from "./children";

/**
 * A spread placement group for the instance and its standby, when asked for: each instance of a
 * rack-level spread group runs on its own rack, with its own network and power source.
 */
export function buildPlacementGroup(children: Children, instance: PlannedInstance): aws.ec2.PlacementGroup | undefined {
  if (!instance.placement.spread) return undefined;
  const groupName = children.nameOf("placement");
  return new aws.ec2.PlacementGroup(
    groupName,
    { strategy: "spread", spreadLevel: "rack", tags: children.tags(groupName) },
    children.options(groupName),
  );
}
