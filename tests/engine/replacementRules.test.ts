// The stand-in AWS provider's replacement rules and diff (TEST DOUBLE data and logic), read as the
// AWS provider (terraform-provider-aws, bridged by pulumi-aws 7) defines them: every rule cites
// the provider's file and function, and each row of the provider's behaviour is checked here.
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { diffOf } from "./standInAws/diff";
import { addressesUnassignedOnLowering } from "./standInAws/setOrder";
import { conditionalReplacements, replacementsFor, replacingInputs } from "./standInAws/replacementRules";

/** A source names a provider file under internal/service/ and the function or schema that says so. */
const citesSource = /^(ec2|iam|sns)\/\w+\.go \([^)]+\)/;

describe("the stand-in AWS provider's replacement rules", () => {
  it("cite the provider's file and function for every replacing input", () => {
    for (const [type, inputs] of Object.entries(replacingInputs)) {
      for (const [input, source] of Object.entries(inputs)) assert.match(source, citesSource, `${type}.${input}`);
    }
    for (const [type, inputs] of Object.entries(conditionalReplacements)) {
      for (const [input, rule] of Object.entries(inputs)) assert.match(rule.source, citesSource, `${type}.${input}`);
    }
  });
  it("replace an instance on a new AMI and update it in place on a new instance type", () => {
    const instance = awsTypes.instance;
    assert.deepEqual(replacementsFor(instance, ["ami"], {}), ["ami"]);
    assert.deepEqual(replacementsFor(instance, ["instanceType", "tags"], {}), []);
  });
  it("replace an instance on new user data only with userDataReplaceOnChange (ForceNewIf)", () => {
    const instance = awsTypes.instance;
    assert.deepEqual(replacementsFor(instance, ["userData"], { userDataReplaceOnChange: true }), ["userData"]);
    assert.deepEqual(replacementsFor(instance, ["userData"], {}), []);
  });
  it("replace an instance on root volume encryption or KMS key only; size, type, IOPS and throughput update in place", () => {
    const instance = awsTypes.instance;
    const root = (fields: object) => ({ rootBlockDevice: { volumeId: "vol-1", deviceName: "/dev/xvda", ...fields } });
    const olds = root({ encrypted: true, volumeSize: 8, volumeType: "gp3", iops: 3000, throughput: 125 });
    const resized = {
      rootBlockDevice: { encrypted: true, volumeSize: 20, volumeType: "io2", iops: 4000, throughput: 250 },
    };
    assert.deepEqual(diffOf(instance, olds, resized), { changes: true, replaces: [] });
    const rekeyed = { rootBlockDevice: { encrypted: true, kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" } };
    assert.deepEqual(diffOf(instance, olds, rekeyed), { changes: true, replaces: ["rootBlockDevice"] });
    assert.deepEqual(diffOf(instance, olds, { rootBlockDevice: { encrypted: false } }).replaces, ["rootBlockDevice"]);
  });
  it("replace an instance on a new placement group; update it in place on a new profile, monitoring or protection", () => {
    const instance = awsTypes.instance;
    const olds = { placementGroup: "", iamInstanceProfile: "a", monitoring: false, disableApiTermination: false };
    assert.deepEqual(diffOf(instance, olds, { placementGroup: "pg" }).replaces, ["placementGroup"]);
    const inPlace = { iamInstanceProfile: "b", monitoring: true, disableApiTermination: true, disableApiStop: true };
    assert.deepEqual(diffOf(instance, olds, inPlace), { changes: true, replaces: [] });
  });
  it("keep an instance in its placement group when the program leaves it out or gives an empty name", () => {
    const olds = { placementGroup: "web-placement-1a2b3c4" };
    assert.deepEqual(diffOf(awsTypes.instance, olds, {}), { changes: false, replaces: [] });
    assert.deepEqual(diffOf(awsTypes.instance, olds, { placementGroup: "" }), { changes: false, replaces: [] });
  });
  it("update an interface's address count and groups in place, and replace it on a new subnet", () => {
    const eni = awsTypes.networkInterface;
    assert.deepEqual(replacementsFor(eni, ["privateIpsCount", "securityGroups"], {}), []);
    assert.deepEqual(replacementsFor(eni, ["subnetId"], {}), ["subnetId"]);
  });
  it("replace an interface whose written-out set no longer holds its primary (ForceNewIf private_ips)", () => {
    const eni = awsTypes.networkInterface;
    const olds = {
      privateIp: "10.0.1.10",
      privateIpLists: ["10.0.1.10", "10.0.1.11"],
      privateIps: ["10.0.1.10", "10.0.1.11"],
    };
    assert.deepEqual(diffOf(eni, olds, { privateIps: ["10.0.1.11", "10.0.1.12"] }).replaces, ["privateIps"]);
    assert.deepEqual(diffOf(eni, olds, { privateIps: ["10.0.1.12", "10.0.1.10"] }).replaces, []);
  });
  it("update (never replace) an interface on a new privateIp, which neither create nor update reads", () => {
    assert.deepEqual(replacementsFor(awsTypes.networkInterface, ["privateIp"], {}), []);
  });
  it("replace a rule whose source changes family (cidrIpv4 <-> cidrIpv6, ModifyPlan) and modify it otherwise", () => {
    for (const rule of [awsTypes.ingressRule, awsTypes.egressRule]) {
      const olds = { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "10.0.0.0/8" };
      const toIpv6 = { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv6: "::/0" };
      assert.deepEqual(diffOf(rule, olds, toIpv6).replaces.sort(), ["cidrIpv4", "cidrIpv6"]);
      const otherIpv4 = { ...olds, cidrIpv4: "192.168.0.0/16" };
      assert.deepEqual(diffOf(rule, olds, otherIpv4), { changes: true, replaces: [] });
    }
  });
  it("replace attachments, Elastic IP associations, policy attachments and placement groups on any argument", () => {
    assert.deepEqual(replacementsFor(awsTypes.attachment, ["instanceId"], {}), ["instanceId"]);
    assert.deepEqual(replacementsFor(awsTypes.eipAssociation, ["privateIpAddress"], {}), ["privateIpAddress"]);
    assert.deepEqual(replacementsFor(awsTypes.rolePolicyAttachment, ["policyArn"], {}), ["policyArn"]);
    assert.deepEqual(replacementsFor(awsTypes.placementGroup, ["strategy", "tags"], {}), ["strategy"]);
    assert.deepEqual(replacementsFor(awsTypes.iamRole, ["description", "tags", "assumeRolePolicy"], {}), []);
    assert.deepEqual(replacementsFor(awsTypes.instanceProfile, ["role"], {}), []);
  });
  it("unassign, on a lowered count, the first addresses of the provider's set order, not the last assigned", () => {
    const secondaries = ["10.0.1.34", "10.0.1.33", "10.0.1.247", "10.0.1.159"];
    const dropped = addressesUnassignedOnLowering(secondaries, 2);
    assert.equal(dropped.length, 2);
    assert.ok(dropped.every((ip) => secondaries.includes(ip)));
    assert.deepEqual(addressesUnassignedOnLowering([...secondaries].reverse(), 2), dropped);
  });
});

describe("the stand-in AWS provider's diff of an input taken out of the program", () => {
  it("plans it back to its default or to null, unless it is Optional and Computed", () => {
    const eni = awsTypes.networkInterface;
    const state = {
      subnetId: "subnet-1",
      description: "web eth1",
      sourceDestCheck: false,
      securityGroups: ["sg-1"],
      privateIpsCount: 2,
      tags: { Name: "web-eth1" },
    };
    // Optional only (description, tags) and Optional with a Default (sourceDestCheck: true).
    assert.deepEqual(diffOf(eni, state, { subnetId: "subnet-1" }), { changes: true, replaces: [] });
    const kept = { subnetId: "subnet-1", description: "web eth1", sourceDestCheck: false, tags: { Name: "web-eth1" } };
    // securityGroups and privateIpsCount are Optional and Computed: left out, nothing changes.
    assert.deepEqual(diffOf(eni, state, kept), { changes: false, replaces: [] });
    assert.equal(diffOf(eni, { ...state, sourceDestCheck: true }, { ...kept, sourceDestCheck: true }).changes, false);
  });
  it("diffs an instance's userDataReplaceOnChange back to false, and keeps its computed arguments", () => {
    const instance = awsTypes.instance;
    const state = { ami: "ami-1", userData: "#!/bin/sh", userDataReplaceOnChange: true, monitoring: true, tags: {} };
    assert.equal(diffOf(instance, state, { ami: "ami-1", userDataReplaceOnChange: true }).changes, false);
    assert.equal(diffOf(instance, state, { ami: "ami-1" }).changes, true);
  });
  it("diffs a rule's description and ports back to null", () => {
    const rule = awsTypes.ingressRule;
    const state = {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
      cidrIpv4: "0.0.0.0/0",
      description: "web",
    };
    assert.deepEqual(diffOf(rule, state, { ...state, description: undefined }), { changes: true, replaces: [] });
    assert.equal(diffOf(rule, state, state).changes, false);
  });
});
