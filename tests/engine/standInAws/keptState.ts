// TEST DOUBLE (part of the stand-in AWS provider): what moto 5 cannot keep, kept by the stand-in
// as SSM parameters in the same moto server, so it lives and dies with it:
// - EC2 placement groups (moto has no CreatePlacementGroup, and RunInstances ignores
//   Placement.GroupName), and the group each instance was launched in, answered with EC2's error
//   codes: an unknown group (InvalidPlacementGroup.Unknown), a name taken
//   (InvalidPlacementGroup.Duplicate), a group still holding an instance (InvalidPlacementGroup.InUse);
// - detailed monitoring turned on or off after launch (moto's MonitorInstances and
//   UnmonitorInstances raise NotImplementedError; RunInstances' Monitoring.Enabled it keeps).
import * as ssm from "@aws-sdk/client-ssm";
import { ssmClient } from "./awsClients";
import { ec2Refusal, unlessNotFound } from "./errors";

export interface StoredPlacementGroup {
  groupName: string;
  groupId: string;
  strategy: string;
  spreadLevel?: string;
  partitionCount?: number;
  tags: Record<string, string>;
}

const groupKey = (name: string) => `/stand-in-aws/placement-groups/${name}`;
const instanceKey = (instanceId: string) => `/stand-in-aws/instance-placement/${instanceId}`;

async function get(name: string): Promise<string | undefined> {
  const out = await unlessNotFound(() => ssmClient().send(new ssm.GetParameterCommand({ Name: name })));
  return out?.Parameter?.Value;
}

const put = (name: string, value: string) =>
  ssmClient().send(new ssm.PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }));

const remove = (name: string) => unlessNotFound(() => ssmClient().send(new ssm.DeleteParameterCommand({ Name: name })));

export async function describePlacementGroup(name: string): Promise<StoredPlacementGroup | undefined> {
  const stored = await get(groupKey(name));
  return stored === undefined ? undefined : (JSON.parse(stored) as StoredPlacementGroup);
}

export async function createPlacementGroup(group: StoredPlacementGroup): Promise<void> {
  if (await describePlacementGroup(group.groupName)) {
    throw ec2Refusal(
      "CreatePlacementGroup",
      "InvalidPlacementGroup.Duplicate",
      `The placement group '${group.groupName}' already exists.`,
    );
  }
  await put(groupKey(group.groupName), JSON.stringify(group));
}

export async function tagPlacementGroup(name: string, tags: Record<string, string>): Promise<void> {
  const group = await describePlacementGroup(name);
  if (group) await put(groupKey(name), JSON.stringify({ ...group, tags }));
}

export async function deletePlacementGroup(name: string, instancesRunning: (ids: string[]) => Promise<string[]>) {
  if (!(await describePlacementGroup(name))) {
    throw ec2Refusal(
      "DeletePlacementGroup",
      "InvalidPlacementGroup.Unknown",
      `The Placement Group '${name}' is unknown.`,
    );
  }
  const members = await ssmClient().send(
    new ssm.GetParametersByPathCommand({ Path: "/stand-in-aws/instance-placement", Recursive: true }),
  );
  const ids = (members.Parameters ?? []).filter((p) => p.Value === name).map((p) => p.Name!.split("/").pop()!);
  const running = await instancesRunning(ids);
  if (running.length > 0) {
    throw ec2Refusal(
      "DeletePlacementGroup",
      "InvalidPlacementGroup.InUse",
      `The placement group '${name}' is in use by instance ${running[0]}.`,
    );
  }
  await remove(groupKey(name));
}

/** Launching in a group: refused when it does not exist, recorded when it does. */
export async function placeInstance(instanceId: string, groupName: string): Promise<void> {
  await put(instanceKey(instanceId), groupName);
}

export async function checkGroupExists(groupName: string): Promise<void> {
  if (!(await describePlacementGroup(groupName))) {
    throw ec2Refusal("RunInstances", "InvalidPlacementGroup.Unknown", `The Placement Group '${groupName}' is unknown.`);
  }
}

export async function placementOf(instanceId: string): Promise<string | undefined> {
  return get(instanceKey(instanceId));
}

export async function forgetInstance(instanceId: string): Promise<void> {
  await remove(instanceKey(instanceId));
  await remove(monitoringKey(instanceId));
}

const monitoringKey = (instanceId: string) => `/stand-in-aws/instance-monitoring/${instanceId}`;

/** MonitorInstances / UnmonitorInstances, which moto does not implement. */
export async function recordMonitoring(instanceId: string, enabled: boolean): Promise<void> {
  await put(monitoringKey(instanceId), enabled ? "enabled" : "disabled");
}

/** The monitoring state recorded after launch, if any. */
export async function monitoringOf(instanceId: string): Promise<string | undefined> {
  return get(monitoringKey(instanceId));
}
