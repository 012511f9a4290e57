import * as assert from "node:assert/strict";
import { adoptionPlan } from "../../scripts/adopt/adoptionPlan";
import type { FoundInterface, FoundServer } from "../../scripts/adopt/discover";

const group = (id: string) => ({ id, name: id, rules: [] });
const eni = (i: number, groups: string[], extra: Partial<FoundInterface> = {}): FoundInterface => ({
  id: `eni-${i}`,
  deviceIndex: i,
  networkCardIndex: 0,
  attachmentId: i === 0 ? undefined : `eni-attach-${i}`,
  subnetId: "subnet-1",
  groups: groups.map(group),
  privateIps: [`10.0.1.${10 + i}`],
  ipv6Count: 0,
  sourceDestCheck: true,
  description: "",
  elasticIps: [],
  ...extra,
});
const server = (interfaces: FoundInterface[], extra: Partial<FoundServer> = {}): FoundServer => ({
  instanceId: "i-1",
  instanceType: "t3.large",
  imageId: "ami-1",
  availabilityZone: "us-east-1a",
  tags: {},
  imdsv2Required: true,
  interfaces,
  instanceElasticIps: [],
  standbyCandidates: [],
  ...extra,
});

describe("the adoption plan of a hand-built server", () => {
  it("takes an interface's own group first and keeps another interface's group as one of yours", () => {
    const plan = adoptionPlan(server([eni(0, ["sg-web"]), eni(1, ["sg-web", "sg-eth1"])]));
    assert.deepEqual(plan.refusals, []);
    const ids = (plan.config.adopt as { importIds: Record<string, string> }).importIds;
    assert.equal(ids["eth1-sg"], "sg-eth1");
    assert.deepEqual((plan.config.secondaryInterfaces as { securityGroupIds?: string[] }[])[0].securityGroupIds, [
      "sg-web",
    ]);
  });

  it("refuses an interface with no group of its own, one at an unexpected device index, and an instance-level Elastic IP", () => {
    const plan = adoptionPlan(
      server([eni(0, ["sg-web"]), eni(2, ["sg-web"])], {
        instanceElasticIps: [{ allocationId: "eipalloc-1", publicIp: "198.51.100.1", instanceId: "i-1" }],
      }),
    );
    assert.deepEqual(
      plan.refusals.map((r) => r.split(":")[0]),
      [
        "eni-2 (eth1) has no security group of its own (sg-web)",
        "Elastic IP 198.51.100.1 (eipalloc-1) is associated with the instance, not an interface",
        "eni-2 is at device index 2 on network card 0",
      ],
    );
  });

  it("keeps the instance's user data and metadata options when it has none of its own or allows IMDSv1", () => {
    const plan = adoptionPlan(server([eni(0, ["sg-web"])], { imdsv2Required: false }));
    assert.deepEqual((plan.config.adopt as { keep: Record<string, string[]> }).keep.instance, [
      "tags",
      "primaryNetworkInterface",
      "metadataOptions",
      "userData",
    ]);
  });
});
