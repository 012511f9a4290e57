import * as assert from "node:assert/strict";
import { failoverPolicyDocument } from "../../components/failover/policy";
import { allows, ec2Arn } from "../support/iamModel";

const ids = {
  partition: "aws",
  region: "us-east-1",
  accountId: "123456789012",
  primaryInstanceId: "i-0primary",
  standbyInstanceId: "i-0standby",
  networkInterfaceIds: ["eni-0eth1", "eni-0eth2"],
  confirmWithEc2: false,
  fence: false,
};
const policy = failoverPolicyDocument(ids);
const topicArn = "arn:aws:sns:us-east-1:123456789012:web-failover";
/** With the second signal, fencing and notifications on. */
const everything = failoverPolicyDocument({ ...ids, confirmWithEc2: true, fence: true, topicArn });
const instance = (id: string) => ec2Arn("instance", id);
const eni = (id: string) => ec2Arn("network-interface", id);

describe("the standby's failover policy, generated from the stack's ids", () => {
  it("reads interfaces anywhere, detaches these interfaces from the primary and attaches them to the standby", () => {
    assert.deepEqual(policy, {
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadInterfaces", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces"], Resource: "*" },
        {
          Sid: "DetachFromThePrimary",
          Effect: "Allow",
          Action: ["ec2:DetachNetworkInterface"],
          Resource: [instance("i-0primary"), eni("eni-0eth1"), eni("eni-0eth2")],
        },
        {
          Sid: "AttachToTheStandby",
          Effect: "Allow",
          Action: ["ec2:AttachNetworkInterface"],
          Resource: [instance("i-0standby"), eni("eni-0eth1"), eni("eni-0eth2")],
        },
      ],
    });
  });

  it("allows the monitor's moves: each interface off the primary and onto the standby", () => {
    assert.ok(allows(policy, "ec2:DescribeNetworkInterfaces", ["*"]));
    for (const id of ids.networkInterfaceIds) {
      assert.ok(allows(policy, "ec2:DetachNetworkInterface", [instance("i-0primary"), eni(id)]));
      assert.ok(allows(policy, "ec2:AttachNetworkInterface", [instance("i-0standby"), eni(id)]));
    }
  });

  it("allows nothing else: no move back, no other interface or instance, no other action", () => {
    const denied: [string, string[]][] = [
      ["ec2:AttachNetworkInterface", [instance("i-0primary"), eni("eni-0eth1")]],
      ["ec2:DetachNetworkInterface", [instance("i-0standby"), eni("eni-0eth1")]],
      ["ec2:AttachNetworkInterface", [instance("i-0standby"), eni("eni-0other")]],
      ["ec2:DetachNetworkInterface", [instance("i-0primary"), eni("eni-0other")]],
      ["ec2:AttachNetworkInterface", [instance("i-0other"), eni("eni-0eth1")]],
      ["ec2:DetachNetworkInterface", [instance("i-0other"), eni("eni-0eth2")]],
      ["ec2:DeleteNetworkInterface", [eni("eni-0eth1")]],
      ["ec2:ModifyNetworkInterfaceAttribute", [eni("eni-0eth1")]],
      ["ec2:TerminateInstances", [instance("i-0primary")]],
      ["ec2:StopInstances", [instance("i-0primary")]],
      ["ec2:AssociateAddress", ["*"]],
      ["ec2:DescribeInstances", ["*"]],
      ["iam:PassRole", ["*"]],
    ];
    for (const [action, resources] of denied)
      assert.ok(!allows(policy, action, resources), `${action} ${resources.join(", ")}`);
  });

  it("with EC2's confirmation, fencing and a topic: reads instance status, stops the primary alone, publishes to that topic alone", () => {
    assert.deepEqual(
      everything.Statement.filter((s) => !policy.Statement.some((p) => p.Sid === s.Sid)),
      [
        { Sid: "ReadInstanceStatus", Effect: "Allow", Action: ["ec2:DescribeInstanceStatus"], Resource: "*" },
        { Sid: "FenceThePrimary", Effect: "Allow", Action: ["ec2:StopInstances"], Resource: instance("i-0primary") },
        { Sid: "NotifyTheTopic", Effect: "Allow", Action: ["sns:Publish"], Resource: topicArn },
      ],
    );
    assert.ok(allows(everything, "ec2:StopInstances", [instance("i-0primary")]));
    assert.ok(allows(everything, "sns:Publish", [topicArn]));
    const denied: [string, string[]][] = [
      ["ec2:StopInstances", [instance("i-0standby")]],
      ["ec2:StopInstances", [instance("i-0other")]],
      ["ec2:TerminateInstances", [instance("i-0primary")]],
      ["ec2:StartInstances", [instance("i-0primary")]],
      ["ec2:RebootInstances", [instance("i-0primary")]],
      ["sns:Publish", ["arn:aws:sns:us-east-1:123456789012:another-topic"]],
      ["sns:Subscribe", [topicArn]],
      ["sns:DeleteTopic", [topicArn]],
    ];
    for (const [action, resources] of denied)
      assert.ok(!allows(everything, action, resources), `${action} ${resources.join(", ")}`);
  });

  it("names resources in the stack's own partition, region and account", () => {
    const china = failoverPolicyDocument({
      ...ids,
      partition: "aws-cn",
      region: "cn-north-1",
      accountId: "210987654321",
    });
    assert.deepEqual(china.Statement[2].Resource, [
      "arn:aws-cn:ec2:cn-north-1:210987654321:instance/i-0standby",
      "arn:aws-cn:ec2:cn-north-1:210987654321:network-interface/eni-0eth1",
      "arn:aws-cn:ec2:cn-north-1:210987654321:network-interface/eni-0eth2",
    ]);
  });
});
