import { awsFunctions, awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine, previewWithPack, type YamlProgram } from "../../scripts/local/engineHarness";

const ref = (name: string, prop = "id") => `\${${name}.${prop}}`;

/** A server launched in subnetA with one interface attached per subnet given, all new resources. */
function program(instanceType: string, attachedSubnets: string[], eniProperties: object = {}): YamlProgram {
  const resources: Record<string, unknown> = {
    subnetA: {
      type: awsTypes.subnet,
      properties: { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a" },
    },
    subnetB: {
      type: awsTypes.subnet,
      properties: { vpcId: "vpc-1", cidrBlock: "10.0.2.0/24", availabilityZone: "us-east-1b" },
    },
    server: {
      type: awsTypes.instance,
      properties: { ami: "ami-0123456789abcdef0", instanceType, subnetId: ref("subnetA") },
    },
  };
  attachedSubnets.forEach((subnet, i) => {
    resources[`eth${i + 1}`] = {
      type: awsTypes.networkInterface,
      properties: { subnetId: ref(subnet), ...eniProperties },
    };
    resources[`eth${i + 1}Attachment`] = {
      type: awsTypes.attachment,
      properties: { instanceId: ref("server"), networkInterfaceId: ref(`eth${i + 1}`), deviceIndex: i + 1 },
    };
  });
  return { resources };
}

describe(`pulumi preview --policy-pack ./policies with the real engine on YAML programs (${engine.description})`, function () {
  this.timeout(300_000);
  const suite = motoVpcForSuite();

  it("lets a server with one same-zone interface through, and the engine counts the Elastic IP policy not applicable", async () => {
    const result = await previewWithPack(program("t3.micro", ["subnetA"]), { motoEndpoint: suite.moto.endpoint });
    assert.equal(result.succeeded, true, result.error);
    assert.deepEqual(
      result.policyEvents.filter((e) => e.enforcementLevel === "mandatory"),
      [],
    );
    // The program has no Elastic IP: that policy is neither passed nor failed; the other five judge it.
    const [summary, ...more] = result.stackPolicySummaries;
    assert.equal(more.length, 0, JSON.stringify(result.stackPolicySummaries));
    assert.equal(summary.policyPackName, "dual-homed-server-eni");
    assert.deepEqual(summary.failed ?? [], []);
    assert.deepEqual([...(summary.passed ?? [])].sort(), [
      "eni-addresses-within-instance-type-limit",
      "eni-attached-once",
      "eni-count-within-instance-type-limit",
      "eni-same-az-as-instance",
      "eni-security-group-count",
    ]);
  });

  it("blocks an interface in the other zone with eni-same-az-as-instance", async () => {
    const result = await previewWithPack(program("t3.micro", ["subnetB"]), { motoEndpoint: suite.moto.endpoint });
    assert.equal(result.succeeded, false);
    const [event, ...rest] = result.policyEvents;
    assert.equal(rest.length, 0, JSON.stringify(result.policyEvents, null, 2));
    assert.equal(event.policyName, "eni-same-az-as-instance");
    assert.equal(event.enforcementLevel, "mandatory");
    assert.equal(event.severity, "high");
    // The CLI prints the severity beside the level, as a user sees it.
    assert.match(result.output, /\[mandatory\] \[severity: high\]\s+eni-same-az-as-instance/);
    assert.deepEqual(result.stackPolicySummaries[0].failed, ["eni-same-az-as-instance"]);
    assert.match(
      event.message,
      /network interface "eth1" is in subnet "subnetB" \(us-east-1b\) but instance "server" is in us-east-1a/,
    );
    assert.match(event.resourceUrn ?? "", /NetworkInterfaceAttachment::eth1Attachment$/);
  });

  it("blocks three interfaces on a t2.micro with eni-count-within-instance-type-limit", async () => {
    const result = await previewWithPack(program("t2.micro", ["subnetA", "subnetA"]), {
      motoEndpoint: suite.moto.endpoint,
    });
    assert.equal(result.succeeded, false);
    const [event, ...rest] = result.policyEvents;
    assert.equal(rest.length, 0, JSON.stringify(result.policyEvents, null, 2));
    assert.equal(event.policyName, "eni-count-within-instance-type-limit");
    assert.match(event.message, /instance "server" has 3 network interfaces but t2\.micro allows at most 2/);
  });

  it("blocks three IPv6 addresses on an interface of a t3.micro with eni-addresses-within-instance-type-limit", async () => {
    const result = await previewWithPack(program("t3.micro", ["subnetA"], { ipv6AddressCount: 3 }), {
      motoEndpoint: suite.moto.endpoint,
    });
    assert.equal(result.succeeded, false);
    const [event, ...rest] = result.policyEvents;
    assert.equal(rest.length, 0, JSON.stringify(result.policyEvents, null, 2));
    assert.equal(event.policyName, "eni-addresses-within-instance-type-limit");
    assert.match(event.message, /asks for 3 IPv6 addresses but t3\.micro allows 2 per interface/);
  });
});

describe("the pack in the real engine with existing subnets (moto) and the live subnet lookup", function () {
  this.timeout(300_000);
  const suite = motoVpcForSuite();

  /** The instance's zone comes from a getSubnet invoke, answered by the stand-in provider from moto. */
  const existing = (eth1Subnet: string): YamlProgram => ({
    variables: {
      primarySubnet: {
        "fn::invoke": { function: awsFunctions.getSubnet, arguments: { id: suite.vpc.subnets.a1 } },
      },
    },
    resources: {
      server: {
        type: awsTypes.instance,
        properties: {
          ami: "ami-0123456789abcdef0",
          instanceType: "t3.micro",
          subnetId: suite.vpc.subnets.a1,
          availabilityZone: "${primarySubnet.availabilityZone}",
        },
      },
      eth1: { type: awsTypes.networkInterface, properties: { subnetId: eth1Subnet } },
      eth1Attachment: {
        type: awsTypes.attachment,
        properties: { instanceId: ref("server"), networkInterfaceId: ref("eth1"), deviceIndex: 1 },
      },
    },
  });
  it("passes an existing subnet of the instance's zone, looked up with the stack's own AWS settings by default", async () => {
    const result = await previewWithPack(existing(suite.vpc.subnets.a2), { motoEndpoint: suite.moto.endpoint });
    assert.equal(result.succeeded, true, result.error);
    assert.deepEqual(result.policyEvents, []);
  });

  it("blocks an existing subnet of another zone", async () => {
    const result = await previewWithPack(existing(suite.vpc.subnets.b1), { motoEndpoint: suite.moto.endpoint });
    assert.equal(result.succeeded, false);
    assert.equal(result.policyEvents.length, 1, JSON.stringify(result.policyEvents, null, 2));
    assert.match(
      result.policyEvents[0].message,
      new RegExp(`"eth1" is in subnet ${suite.vpc.subnets.b1} \\(us-east-1b\\) but instance "server" is in us-east-1a`),
    );
  });

  it("blocks, saying what to enable, when the lookup is turned off", async () => {
    const result = await previewWithPack(existing(suite.vpc.subnets.a2), {
      motoEndpoint: suite.moto.endpoint,
      policyConfig: { "eni-same-az-as-instance": { subnetLookup: { enabled: false } } },
    });
    assert.equal(result.succeeded, false);
    assert.equal(result.policyEvents.length, 1, JSON.stringify(result.policyEvents, null, 2));
    assert.match(
      result.policyEvents[0].message,
      /could not verify .*is not a resource of this stack and subnetLookup is disabled in the policy config; enable it/,
    );
  });
});
