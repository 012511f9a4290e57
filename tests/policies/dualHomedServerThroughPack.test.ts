// The resources the real DualHomedServer registers, captured under the mocked engine during a
// first preview (subnets created in the same program, so every id is still unknown and the
// component's own lookups cannot run), fed through every policy of the pack.
import * as aws from "@pulumi/aws";
import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs, type SecondaryInterfaceArgs } from "dual-homed-server";
import { awsTypes } from "dual-homed-server-rules";
import { eniPolicies } from "dual-homed-server-policies/policies";
import { useMockedAwsEngine } from "../support/mockedAwsEngine";
import { runStackPolicy, stackFromRegistrations, type Violation } from "../support/policyHarness";

async function previewThroughPack(
  instanceType: string,
  secondary: (subnets: { a: aws.ec2.Subnet; b: aws.ec2.Subnet }) => SecondaryInterfaceArgs[],
  standby: Partial<DualHomedServerArgs> = {},
  config: Record<string, Record<string, unknown>> = {},
) {
  const engine = await useMockedAwsEngine({}, { firstPreview: true });
  const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
  const a = new aws.ec2.Subnet("net-a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a" });
  const b = new aws.ec2.Subnet("net-b", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24", availabilityZone: "us-east-1b" });
  new DualHomedServer("web", { subnetId: a.id, instanceType, secondaryInterfaces: secondary({ a, b }), ...standby });
  await engine.settle();
  const stack = stackFromRegistrations(engine.resources);
  const violations: (Violation & { level?: string })[] = [];
  for (const policy of eniPolicies) {
    for (const v of await runStackPolicy(policy, stack, config[policy.name])) {
      violations.push({ ...v, level: policy.enforcementLevel });
    }
  }
  return { engine, violations };
}

describe("DualHomedServer's resources through the policy pack (first preview)", () => {
  it("passes the dev configuration: a t2.micro with one closed secondary interface", async () => {
    const { engine, violations } = await previewThroughPack("t2.micro", () => [{ description: "no inbound traffic" }]);
    assert.strictEqual(engine.byType(awsTypes.attachment).length, 1);
    assert.deepEqual(violations, []);
  });

  it("fails eni-same-az-as-instance for a secondary interface in a subnet of another zone", async () => {
    const { violations } = await previewThroughPack("t3.micro", ({ b }) => [{ subnetId: b.id }]);
    assert.equal(violations.length, 1, JSON.stringify(violations, null, 2));
    assert.equal(violations[0].policy, "eni-same-az-as-instance");
    assert.equal(violations[0].level, "mandatory");
    assert.equal(violations[0].resource, "web-eth1-attachment");
    assert.match(
      violations[0].message,
      /network interface "web-eth1" is in subnet "net-b" \(us-east-1b\) but instance "web-instance" is in us-east-1a/,
    );
  });

  it("fails eni-count-within-instance-type-limit for three interfaces on a t2.micro", async () => {
    const { violations } = await previewThroughPack("t2.micro", () => [{}, {}]);
    assert.equal(violations.length, 1, JSON.stringify(violations, null, 2));
    assert.equal(violations[0].policy, "eni-count-within-instance-type-limit");
    assert.match(
      violations[0].message,
      /instance "web-instance" has 3 network interfaces but t2\.micro allows at most 2/,
    );
  });

  for (const standbyHoldsInterfaces of [false, true]) {
    it(`passes a server with a standby, the secondary interface on the ${standbyHoldsInterfaces ? "standby" : "instance"}`, async () => {
      const { engine, violations } = await previewThroughPack("t3.micro", () => [{}], {
        standby: true,
        standbyHoldsInterfaces,
      });
      assert.equal(engine.byType(awsTypes.instance).length, 2);
      assert.deepEqual(violations, []);
    });
  }

  it("agrees with the component on 16 interfaces over the two network cards of a c6in.32xlarge", async () => {
    const { engine, violations } = await previewThroughPack("c6in.32xlarge", () =>
      Array.from({ length: 15 }, () => ({ elasticIps: false })),
    );
    assert.deepEqual(
      engine.byType(awsTypes.attachment).map((r) => r.inputs.networkCardIndex ?? 0),
      [...Array(7).fill(0), ...Array(8).fill(1)],
    );
    assert.deepEqual(violations, []);
  });

  it("agrees with the component on the security-group quota: both count the interface's own group", async () => {
    const yours = ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5"];
    const raised = { securityGroupIds: yours, maxSecurityGroupsPerInterface: 16 };
    const atDefault = await previewThroughPack("t3.micro", () => [], raised);
    assert.deepEqual(
      atDefault.violations.map((v) => [v.policy, v.resource]),
      [["eni-security-group-count", "web-eth0"]],
    );
    assert.match(atDefault.violations[0].message, /has 6 security groups but the quota is 5 per interface/);
    const atSixteen = await previewThroughPack("t3.micro", () => [], raised, {
      "eni-security-group-count": { maxSecurityGroups: 16 },
    });
    assert.deepEqual(atSixteen.violations, []);
  });
});
