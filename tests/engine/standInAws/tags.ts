// TEST DOUBLE (part of the stand-in AWS provider): resource tags as EC2 takes and reports them.
import * as ec2 from "@aws-sdk/client-ec2";
import { ec2Client } from "./awsClients";
import type { Props } from "./resourceHandler";

export const tagSpec = (resourceType: ec2.ResourceType, tags: Props | undefined): ec2.TagSpecification[] | undefined =>
  tags && Object.keys(tags).length > 0
    ? [
        {
          ResourceType: resourceType,
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) })),
        },
      ]
    : undefined;

export const tagsOf = (tags: ec2.Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));

export async function updateTags(id: string, olds: Props, news: Props): Promise<void> {
  const before: Record<string, string> = olds.tags ?? {};
  const after: Record<string, string> = news.tags ?? {};
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.entries(after).filter(([k, v]) => before[k] !== v);
  if (removed.length > 0) {
    await ec2Client().send(new ec2.DeleteTagsCommand({ Resources: [id], Tags: removed.map((Key) => ({ Key })) }));
  }
  if (changed.length > 0) {
    await ec2Client().send(
      new ec2.CreateTagsCommand({ Resources: [id], Tags: changed.map(([Key, Value]) => ({ Key, Value })) }),
    );
  }
}
