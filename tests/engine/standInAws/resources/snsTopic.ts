// TEST DOUBLE (part of the stand-in AWS provider): SNS topics through the SNS API of moto, as
// internal/service/sns/topic.go manages them: the topic's id is its ARN, its name is ForceNew, the
// display name and tags update in place, a topic already gone is no error on delete.
import * as sns from "@aws-sdk/client-sns";
import { awsTypes } from "dual-homed-server-rules";
import { snsClient } from "../awsClients";
import { ignoring } from "../errors";
import type { Props, ResourceHandler } from "../resourceHandler";

const snsTags = (tags: Props | undefined): sns.Tag[] | undefined =>
  tags && Object.keys(tags).length > 0
    ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value: String(Value) }))
    : undefined;

export const snsTopic: ResourceHandler = {
  type: awsTypes.snsTopic,
  name: "SNS Topic",
  async create(inputs) {
    const created = await snsClient().send(
      new sns.CreateTopicCommand({
        Name: inputs.name as string,
        Attributes: {
          ...(inputs.displayName ? { DisplayName: inputs.displayName as string } : {}),
          ...(inputs.kmsMasterKeyId ? { KmsMasterKeyId: inputs.kmsMasterKeyId as string } : {}),
        },
        Tags: snsTags(inputs.tags),
      }),
    );
    const arn = created.TopicArn!;
    return { id: arn, outs: (await snsTopic.read(arn, inputs))! };
  },
  async read(id, olds) {
    const found = await ignoring(["NotFound", "NotFoundException"], () =>
      snsClient().send(new sns.GetTopicAttributesCommand({ TopicArn: id })),
    );
    const attributes = found?.Attributes;
    if (!attributes) return undefined;
    return {
      ...olds,
      id,
      arn: id,
      name: id.split(":").pop(),
      owner: attributes.Owner,
      displayName: attributes.DisplayName ?? "",
      tags: olds.tags ?? {},
    };
  },
  async update(id, olds, news) {
    if ((news.displayName ?? "") !== (olds.displayName ?? "")) {
      await snsClient().send(
        new sns.SetTopicAttributesCommand({
          TopicArn: id,
          AttributeName: "DisplayName",
          AttributeValue: (news.displayName ?? "") as string,
        }),
      );
    }
    const oldTags = (olds.tags ?? {}) as Props;
    const newTags = (news.tags ?? {}) as Props;
    const removed = Object.keys(oldTags).filter((key) => !(key in newTags));
    if (removed.length > 0) {
      await snsClient().send(new sns.UntagResourceCommand({ ResourceArn: id, TagKeys: removed }));
    }
    const set = snsTags(Object.fromEntries(Object.entries(newTags).filter(([k, v]) => oldTags[k] !== v)));
    if (set) await snsClient().send(new sns.TagResourceCommand({ ResourceArn: id, Tags: set }));
    return (await snsTopic.read(id, news))!;
  },
  async delete(id) {
    await ignoring(["NotFound", "NotFoundException"], () =>
      snsClient().send(new sns.DeleteTopicCommand({ TopicArn: id })),
    );
  },
};
