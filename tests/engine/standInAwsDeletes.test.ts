// The stand-in AWS provider's resource handlers against moto (TEST DOUBLE logic), without the
// engine: security groups and their rules, interfaces, attachments and Elastic IPs created, read
// and deleted as the AWS provider does it (the source of each behaviour is named in its handler).
import * as ec2 from "@aws-sdk/client-ec2";
import * as sns from "@aws-sdk/client-sns";
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { ec2Client, snsClient } from "./standInAws/awsClients";
import { ec2Resources } from "./standInAws/resources";

const handler = (type: string) => ec2Resources[type];

describe("the stand-in AWS provider's handlers: creates, reads and deletes as the provider makes them", function () {
  this.timeout(60_000);
  const suite = motoVpcForSuite();
  let tests: ec2.EC2Client;
  const calls: string[] = [];
  const inputs: Record<string, unknown>[] = [];
  const saved = { endpoint: process.env.STAND_IN_AWS_ENDPOINT, timeout: process.env.STAND_IN_AWS_RETRY_TIMEOUT_MS };
  before(() => {
    process.env.STAND_IN_AWS_ENDPOINT = suite.moto.endpoint;
    process.env.STAND_IN_AWS_RETRY_TIMEOUT_MS = "1500";
    tests = motoEc2Client(suite.moto.endpoint);
    ec2Client().middlewareStack.add(
      (next, context) => (args) => {
        calls.push(String(context.commandName).replace(/Command$/, ""));
        inputs.push((args as { input: Record<string, unknown> }).input);
        return next(args);
      },
      { step: "initialize", name: "recordCalls" },
    );
  });
  after(() => {
    for (const [key, value] of [
      ["STAND_IN_AWS_ENDPOINT", saved.endpoint],
      ["STAND_IN_AWS_RETRY_TIMEOUT_MS", saved.timeout],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    tests?.destroy();
  });

  const newGroup = async (name: string) =>
    (await handler(awsTypes.securityGroup).create({ name, description: name, vpcId: suite.vpc.vpcId }, name)).id;
  const newInterface = async (groupId: string) =>
    (
      await handler(awsTypes.networkInterface).create(
        { subnetId: suite.vpc.subnets.a1, securityGroups: [groupId], privateIpsCount: 0 },
        "eni",
      )
    ).outs;
  const newInstance = async () => {
    const image = (await tests.send(new ec2.DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId;
    const run = await tests.send(
      new ec2.RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: suite.vpc.subnets.a1 }),
    );
    return run.Instances![0].InstanceId!;
  };

  it("revokes a new group's default egress for IPv4 and for ::/0", async () => {
    const id = await newGroup("egress-revoked");
    const group = (await tests.send(new ec2.DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups![0];
    assert.deepEqual(group.IpPermissionsEgress ?? [], []);
    const revoked = calls.filter((c) => c === "RevokeSecurityGroupEgress");
    assert.equal(revoked.length, 2);
  });

  it("retries deleting a group in use until its (bounded) timeout, deletes it once free, and ignores one gone", async () => {
    const groupId = await newGroup("in-use");
    const eni = await newInterface(groupId);
    const started = Date.now();
    await assert.rejects(handler(awsTypes.securityGroup).delete(groupId, {}), /api error DependencyViolation: /);
    assert.ok(Date.now() - started >= 1500, "gave up before the timeout");
    // Freed while the delete waits: the retry then succeeds.
    setTimeout(
      () => void tests.send(new ec2.DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.id as string })),
      400,
    );
    await handler(awsTypes.securityGroup).delete(groupId, {});
    await handler(awsTypes.securityGroup).delete(groupId, {});
  });

  it("drops a rule revoked behind its back from the state, and ignores it on delete", async () => {
    const groupId = await newGroup("rules");
    const rule = handler(awsTypes.ingressRule);
    const ruleInputs = { securityGroupId: groupId, ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" };
    const { id, outs } = await rule.create(ruleInputs, "http");
    assert.equal(outs.cidrIpv4, "0.0.0.0/0");
    await tests.send(new ec2.RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [id] }));
    assert.equal(await rule.read(id, outs), undefined);
    await rule.delete(id, outs);
    const egress = handler(awsTypes.egressRule);
    const all = await egress.create({ securityGroupId: groupId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, "all");
    assert.equal(all.outs.fromPort, undefined, "ports EC2 reports as -1 stay null");
    await handler(awsTypes.securityGroup).delete(groupId, {});
    await egress.delete(all.id, all.outs);
  });

  it("force-detaches an interface's attachment held in state before deleting it, and ignores one gone", async () => {
    const groupId = await newGroup("eni-delete");
    const eni = await newInterface(groupId);
    const instanceId = await newInstance();
    await tests.send(
      new ec2.AttachNetworkInterfaceCommand({
        InstanceId: instanceId,
        NetworkInterfaceId: eni.id as string,
        DeviceIndex: 1,
      }),
    );
    const read = (await handler(awsTypes.networkInterface).read(eni.id as string, eni))!;
    const attachments = read.attachments as { attachmentId: string; instance: string; deviceIndex: number }[];
    assert.equal(attachments[0].instance, instanceId);
    calls.length = 0;
    await handler(awsTypes.networkInterface).delete(eni.id as string, read);
    assert.deepEqual(
      calls.filter((c) => /^(Detach|Delete)NetworkInterface$/.test(c)),
      ["DetachNetworkInterface", "DeleteNetworkInterface"],
    );
    await handler(awsTypes.networkInterface).delete(eni.id as string, read);
    await handler(awsTypes.securityGroup).delete(groupId, {});
  });

  it("deletes an attachment with a forced detach, waits until it is done, and ignores one gone", async () => {
    const groupId = await newGroup("attachment");
    const eni = await newInterface(groupId);
    const instanceId = await newInstance();
    const attachment = handler(awsTypes.attachment);
    const attachmentInputs = { instanceId, networkInterfaceId: eni.id, deviceIndex: 1 };
    const { id, outs } = await attachment.create(attachmentInputs, "attachment");
    calls.length = 0;
    inputs.length = 0;
    await attachment.delete(id, outs);
    const detach = calls.indexOf("DetachNetworkInterface");
    assert.deepEqual(inputs[detach], { AttachmentId: id, Force: true });
    const after = (
      await tests.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.id as string] }))
    ).NetworkInterfaces![0];
    assert.ok(!after.Attachment || after.Attachment.Status === "detached");
    await attachment.delete(id, outs);
  });

  it("disassociates an Elastic IP the state says is associated before releasing it, and ignores one released", async () => {
    const groupId = await newGroup("eip");
    const eni = await newInterface(groupId);
    const eip = handler(awsTypes.eip);
    const { id } = await eip.create({ domain: "vpc" }, "eip");
    await tests.send(new ec2.AssociateAddressCommand({ AllocationId: id, NetworkInterfaceId: eni.id as string }));
    const state = (await eip.read(id, {}))!;
    assert.match(String(state.associationId), /^eipassoc-/);
    calls.length = 0;
    await eip.delete(id, state);
    assert.deepEqual(
      calls.filter((c) => /Address$/.test(c)),
      ["DisassociateAddress", "ReleaseAddress"],
    );
    await eip.delete(id, state);
  });

  it("creates an SNS topic with its tags, updates its display name and tags in place, and ignores one deleted", async () => {
    const topic = handler(awsTypes.snsTopic);
    const { id, outs } = await topic.create({ name: "failover-topic-1a2b3c4", tags: { team: "web", tier: "1" } }, "t");
    assert.match(id, /^arn:aws:sns:us-east-1:\d{12}:failover-topic-1a2b3c4$/);
    assert.equal(outs.arn, id);
    const tagsOf = async () =>
      Object.fromEntries(
        ((await snsClient().send(new sns.ListTagsForResourceCommand({ ResourceArn: id }))).Tags ?? []).map((t) => [
          t.Key,
          t.Value,
        ]),
      );
    assert.deepEqual(await tagsOf(), { team: "web", tier: "1" });
    const news = { ...outs, displayName: "Failover", tags: { team: "platform" } };
    const updated = await topic.update(id, outs, news);
    assert.equal(updated.displayName, "Failover");
    assert.deepEqual(await tagsOf(), { team: "platform" });
    await topic.delete(id, updated);
    assert.equal(await topic.read(id, updated), undefined);
    await topic.delete(id, updated);
  });
});
