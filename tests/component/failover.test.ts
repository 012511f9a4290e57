import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { heldAsRecordedProblems } from "../../components/checks/heldAsRecorded";
import { failoverPolicyDocument } from "../../components/failover/policy";
import { failureOf, useMockedAwsEngine, valueOf, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

const base: DualHomedServerArgs = {
  subnetId: "subnet-a1",
  instanceType: "t3.large",
  standby: true,
  failover: true,
  secondaryInterfaces: [{}, { subnetId: "subnet-a2" }],
};

async function build(engine: MockedAwsEngine, args: Partial<DualHomedServerArgs> = {}) {
  const server = new DualHomedServer("web", { ...base, ...args });
  await valueOf(server.secondaryInterfacesInstanceId);
  await valueOf(server.urls);
  await engine.settle();
  return server;
}

function constructionError(args: Partial<DualHomedServerArgs>): string {
  try {
    new DualHomedServer("web", { ...base, ...args });
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("expected construction to fail");
}

/** The parts of a multi-part user data, by file name. */
function userDataParts(userData: string): Record<string, string> {
  const boundary = /boundary="([^"]+)"/.exec(userData)![1];
  const parts = userData.split(`--${boundary}`).slice(1, -1);
  return Object.fromEntries(
    parts.map((part) => [/filename="([^"]+)"/.exec(part)![1], part.split("\n\n").slice(1).join("\n\n")]),
  );
}

/** The monitor's config, as the standby's user data writes it. */
function monitorConfig(userData: string): Record<string, any> {
  const script = userDataParts(userData)["00-dual-homed-server-failover.sh"];
  return JSON.parse(/<<'CONFIG'\n(.*)\nCONFIG/.exec(script)![1]);
}

describe("DualHomedServer with failover", () => {
  let engine: MockedAwsEngine;
  beforeEach(async () => {
    engine = await useMockedAwsEngine(subnets);
  });

  it("boots the standby with the monitor first, told the interfaces, their slots and where to check the instance", async () => {
    const server = await build(engine);
    const standby = engine.byName("web-standby-instance").inputs.userData as string;
    assert.deepEqual(Object.keys(userDataParts(standby)), [
      "00-dual-homed-server-failover.sh",
      "01-dual-homed-server-apache.sh",
    ]);
    const [eth0, eth1, eth2] = (await valueOf(server.interfaces)).map((eni) => eni.privateIps[0]);
    assert.deepEqual(monitorConfig(standby), {
      serverName: "web",
      // The addresses clients use, all checked by default, and the standby's own page.
      checks: [
        { name: "eth0", url: `http://${eth0}:80/` },
        { name: "eth1", url: `http://${eth1}:80/` },
        { name: "eth2", url: `http://${eth2}:80/` },
      ],
      selfCheckUrl: "http://127.0.0.1:80/",
      unhealthyWhen: "all",
      healthyStatusCodes: "200-399",
      intervalSeconds: 5,
      unhealthyThreshold: 3,
      timeoutSeconds: 2,
      // EC2 must agree before anything moves; no fencing, no topic unless asked for.
      confirmation: "ec2-status",
      fence: false,
      primaryInterfaceId: "web-eth0-id",
      interfaces: [
        { name: "eth1", id: "web-eth1-id", deviceIndex: 1, networkCardIndex: 0 },
        { name: "eth2", id: "web-eth2-id", deviceIndex: 2, networkCardIndex: 0 },
      ],
    });
    // The instance boots as it always did.
    const plain = await useMockedAwsEngine(subnets);
    await build(plain, { failover: undefined });
    assert.equal(engine.byName("web-instance").inputs.userData, plain.byName("web-instance").inputs.userData);
    assert.equal(plain.byName("web-standby-instance").inputs.userData, plain.byName("web-instance").inputs.userData);
  });

  it("passes the health check's settings to the monitor, and opens its port to the standby's address alone", async () => {
    const check = {
      path: "/health",
      port: 8080,
      intervalSeconds: 2,
      unhealthyThreshold: 4,
      timeoutSeconds: 1,
      healthyStatusCodes: "200-299,503",
    };
    const server = await build(engine, { failoverHealthCheck: check });
    const config = monitorConfig(engine.byName("web-standby-instance").inputs.userData);
    const [eth0] = (await valueOf(server.interfaces)).map((eni) => eni.privateIps[0]);
    assert.equal(config.checks[0].url, `http://${eth0}:8080/health`);
    assert.equal(config.selfCheckUrl, "http://127.0.0.1:8080/health");
    assert.deepEqual(
      [config.intervalSeconds, config.unhealthyThreshold, config.timeoutSeconds, config.healthyStatusCodes],
      [2, 4, 1, "200-299,503"],
    );
    const [standbyEth0] = await valueOf(server.standbyInterfaces);
    // Every interface checked has its group opened to the standby's eth0 address alone.
    for (const role of ["eth0", "eth1", "eth2"]) {
      const rule = engine.byName(`web-${role}-ingress-failover-health`);
      assert.equal(rule.inputs.securityGroupId, `web-${role}-sg-id`);
      assert.deepEqual([rule.inputs.ipProtocol, rule.inputs.fromPort, rule.inputs.toPort], ["tcp", 8080, 8080]);
      assert.equal(rule.inputs.cidrIpv4, `${standbyEth0.privateIps[0]}/32`);
    }
    assert.equal(server.failoverInterfaceHealthCheckIngress.length, 2);
  });

  it("with unhealthyWhen eth0, checks eth0's address alone and opens no secondary interface's group", async () => {
    const server = await build(engine, { failoverHealthCheck: { unhealthyWhen: "eth0" } });
    const config = monitorConfig(engine.byName("web-standby-instance").inputs.userData);
    assert.deepEqual(
      config.checks.map((c: { name: string }) => c.name),
      ["eth0"],
    );
    assert.equal(config.unhealthyWhen, "eth0");
    assert.deepEqual(
      engine.resources.filter((r) => r.name.endsWith("failover-health")).map((r) => r.name),
      ["web-eth0-ingress-failover-health"],
    );
    assert.deepEqual(server.failoverInterfaceHealthCheckIngress, []);
  });

  it("fencing and a topic it creates: the monitor is told both, and the role may stop the instance and publish there alone", async () => {
    const server = await build(engine, { failoverFencing: true, failoverNotifications: {} });
    const topic = engine.byName("web-failover-topic");
    assert.equal(topic.type, "aws:sns/topic:Topic");
    const arn = await valueOf(server.failoverTopicArn);
    assert.ok(server.failoverTopic);
    const config = monitorConfig(engine.byName("web-standby-instance").inputs.userData);
    assert.deepEqual([config.fence, config.topicArn, config.confirmation], [true, arn, "ec2-status"]);
    const policy = JSON.parse(engine.byName("web-standby-role-failover").inputs.policy);
    assert.deepEqual(
      policy,
      failoverPolicyDocument({
        partition: "aws",
        region: "us-east-1",
        accountId: "123456789012",
        primaryInstanceId: "web-instance-id",
        standbyInstanceId: "web-standby-instance-id",
        networkInterfaceIds: ["web-eth1-id", "web-eth2-id"],
        confirmWithEc2: true,
        fence: true,
        topicArn: arn,
      }),
    );
  });

  it("a topic of the user's: no topic created, its ARN given to the monitor and the role; checks alone with fencing", async () => {
    const topicArn = "arn:aws:sns:us-east-1:123456789012:ops-pager";
    const server = await build(engine, {
      failoverNotifications: { topicArn },
      failoverConfirmation: "none",
      failoverFencing: true,
    });
    assert.deepEqual(engine.byType("aws:sns/topic:Topic"), []);
    assert.equal(await valueOf(server.failoverTopicArn), topicArn);
    const config = monitorConfig(engine.byName("web-standby-instance").inputs.userData);
    assert.deepEqual([config.confirmation, config.fence, config.topicArn], ["none", true, topicArn]);
    const policy = JSON.parse(engine.byName("web-standby-role-failover").inputs.policy);
    const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
    assert.ok(!actions.includes("ec2:DescribeInstanceStatus"), "no confirmation, no status reads");
    assert.ok(actions.includes("ec2:StopInstances") && actions.includes("sns:Publish"));
  });

  it("gives the standby a role of its own, allowed to move exactly these interfaces between these two instances", async () => {
    const server = await build(engine, { instanceRole: { sessionManager: true } });
    assert.equal(engine.byName("web-instance").inputs.iamInstanceProfile, "web-instance-profile-1a2b3c");
    assert.equal(
      engine.byName("web-standby-instance").inputs.iamInstanceProfile,
      "web-standby-instance-profile-1a2b3c",
    );
    assert.equal(engine.byName("web-standby-instance-profile").inputs.role, "web-standby-role-1a2b3c");
    assert.deepEqual(
      engine.byType(types.rolePolicyAttachment).map((r) => [r.name, r.inputs.role]),
      [
        ["web-role-AmazonSSMManagedInstanceCore", "web-role-1a2b3c"],
        ["web-standby-role-AmazonSSMManagedInstanceCore", "web-standby-role-1a2b3c"],
      ],
    );
    const policy = engine.byName("web-standby-role-failover");
    assert.equal(policy.type, types.rolePolicy);
    assert.equal(policy.inputs.role, "web-standby-role-id");
    assert.equal(policy.inputs.name, "dual-homed-server-failover");
    assert.deepEqual(
      JSON.parse(policy.inputs.policy),
      failoverPolicyDocument({
        partition: "aws",
        region: "us-east-1",
        accountId: "123456789012",
        primaryInstanceId: "web-instance-id",
        standbyInstanceId: "web-standby-instance-id",
        networkInterfaceIds: ["web-eth1-id", "web-eth2-id"],
        confirmWithEc2: true,
        fence: false,
      }),
    );
    assert.equal(await valueOf(server.instanceProfileName), "web-instance-profile-1a2b3c");
    assert.equal(await valueOf(server.standbyInstanceProfileName), "web-standby-instance-profile-1a2b3c");
    assert.ok(server.failoverPolicy && server.standbyRole && server.failoverHealthCheckIngress);
  });

  it("creates the standby's role alone when no instance role is asked for", async () => {
    const server = await build(engine);
    assert.equal(engine.byName("web-instance").inputs.iamInstanceProfile, undefined);
    assert.deepEqual(
      engine.byType(types.iamRole).map((r) => r.name),
      ["web-standby-role"],
    );
    assert.deepEqual(server.standbyRolePolicyAttachments, []);
    assert.equal(await valueOf(server.instanceProfileName), "");
  });

  it("adds nothing without failover: no role, no rule, the standby's profile is the instance's", async () => {
    const server = await build(engine, { failover: undefined, instanceProfileName: "ops" });
    assert.deepEqual(engine.byType(types.iamRole), []);
    assert.deepEqual(engine.byType(types.rolePolicy), []);
    assert.equal(
      engine.resources.find((r) => r.name.endsWith("failover-health")),
      undefined,
    );
    assert.equal(await valueOf(server.standbyInstanceProfileName), "ops");
    assert.equal(
      engine.invokes.find((i) => i.token === "aws:ec2/getNetworkInterface:getNetworkInterface"),
      undefined,
    );
  });

  it("refuses at construction what cannot work, each problem under its rule's name", () => {
    assert.match(
      constructionError({ standby: undefined }),
      /failover-needs-standby: failover is true but there is no standby/,
    );
    assert.match(
      constructionError({ instanceProfileName: "ops" }),
      /failover-needs-own-instance-profile: failover and instanceProfileName are both set/,
    );
    assert.match(constructionError({ failover: "yes" as unknown as boolean }), /valid-option-type: failover is "yes"/);
    const message = constructionError({
      failoverHealthCheck: { path: "health", port: 0, intervalSeconds: 0.5, unhealthyThreshold: 1, timeoutSeconds: 9 },
    });
    for (const field of ["path", "port", "intervalSeconds", "unhealthyThreshold", "timeoutSeconds"]) {
      assert.match(message, new RegExp(`valid-failover-health-check: failoverHealthCheck\\.${field} is`));
    }
    assert.match(message, /unhealthyThreshold is 1; give a whole number from 2 to 10 \(one failed check never moves/);
    assert.match(
      constructionError({ failoverHealthCheck: { unhealthyWhen: "some" as "all", healthyStatusCodes: "200-99,7xx" } }),
      /failoverHealthCheck\.unhealthyWhen is "some"; use "all" \(every checked address fails\), "any" \(one fails\) or "eth0"[\s\S]*failoverHealthCheck\.healthyStatusCodes is "200-99,7xx"; give HTTP codes or ranges from 100 to 599/,
    );
    assert.match(
      constructionError({ failoverConfirmation: "none" }),
      /failover-checks-alone-need-fencing: failoverConfirmation is "none" without failoverFencing: true; the checks alone cannot tell a failed instance from a partition/,
    );
    assert.match(
      constructionError({ failoverFencing: true, stopProtection: true }),
      /fencing-needs-stoppable-instance: failoverFencing and stopProtection are both true; EC2 refuses to stop an instance with stop protection \(disableApiStop\), even with Force/,
    );
    assert.match(
      constructionError({ failoverConfirmation: "http" as "none", failoverFencing: "yes" as unknown as boolean }),
      /valid-option-type: failoverConfirmation is "http"; use "ec2-status"[\s\S]*valid-option-type: failoverFencing is "yes"/,
    );
    assert.match(
      constructionError({ failoverNotifications: { topicArn: "ops-pager" } }),
      /valid-failover-notifications: failoverNotifications\.topicArn is "ops-pager", not an SNS topic ARN/,
    );
    assert.match(
      constructionError({ failover: undefined, failoverFencing: true, failoverNotifications: {} }),
      /failover-option-needs-failover: failoverFencing, failoverNotifications are set but failover is not true, so nothing would use them/,
    );
    assert.match(
      constructionError({ failoverHealthCheck: { intervalSeconds: 3, timeoutSeconds: 4 } }),
      /timeoutSeconds is 4; give a whole number from 1 to 3 \(at most the interval between checks\)/,
    );
  });

  it("counts the monitor in the standby's user data, which must fit EC2's 16 KB", () => {
    const bootScript = `#!/bin/bash\n# ${"x".repeat(9000)}\n`;
    assert.doesNotThrow(() => new DualHomedServer("plain", { ...base, failover: false, bootScript }));
    assert.match(
      constructionError({ bootScript }),
      /user-data-within-limit: the standby's user data is \d+ bytes \(the failover monitor \d+, the Apache setup with indexHtml \d+, bootScript 9015, the multi-part framing \d+\) but EC2 accepts at most 16384/,
    );
  });
});

describe("DualHomedServer with failover, once the stack exists", () => {
  const held = {
    "web-eth0": ["10.0.1.10"],
    "web-eth1": ["10.0.1.11"],
    "web-eth2": ["10.0.2.10"],
    "web-standby-eth0": ["10.0.1.12"],
  };

  async function preview(attachmentsNow: Record<string, { attachmentId: string; instanceId: string } | null>) {
    const engine = await useMockedAwsEngine(subnets, {
      previewOfUpdate: true,
      existingAddresses: held,
      attachmentsNow,
    });
    const server = new DualHomedServer("web", base);
    return { engine, server };
  }

  it("previews as before while EC2 holds every interface as the stack records", async () => {
    const { engine, server } = await preview({});
    assert.equal(await valueOf(server.secondaryInterfacesInstanceId), "web-instance-id");
    await engine.settle();
    const reads = engine.invokes.filter((i) => i.token === "aws:ec2/getNetworkInterface:getNetworkInterface");
    assert.deepEqual(
      reads
        .map((i) => i.args.id)
        .filter((id) => id !== "web-eth0-id" && id !== "web-standby-eth0-id")
        .sort(),
      ["web-eth1-id", "web-eth1-id", "web-eth2-id", "web-eth2-id"],
    );
  });

  it("refuses a preview after a takeover the stack has not recorded, naming the command that records it", async () => {
    const { server } = await preview({
      "web-eth1": { attachmentId: "eni-attach-0new1", instanceId: "web-standby-instance-id" },
      "web-eth2": { attachmentId: "eni-attach-0new2", instanceId: "web-standby-instance-id" },
    });
    const err = await failureOf(server.secondaryInterfacesInstanceId);
    assert.match(
      err.message,
      /eni-held-as-recorded: eth1 \(web-eth1-id\) is attached to web-standby-instance-id \(the standby\) as eni-attach-0new1, but the stack holds it attached to web-instance-id \(the instance\) as web-eth1-attachment-id: it was moved outside the stack, e\.g\. by the failover monitor; record the takeover with `npm run takeover -- --stack test` \(the component README, "After a failover"\)\./,
    );
    assert.match(
      err.message,
      /eth2 \(web-eth2-id\) is attached to web-standby-instance-id \(the standby\) as eni-attach-0new2/,
    );
  });

  it("refuses a preview while an interface is attached to no instance, a takeover under way", async () => {
    const { server } = await preview({ "web-eth2": null });
    const err = await failureOf(server.secondaryInterfacesInstanceId);
    assert.match(
      err.message,
      /eni-held-as-recorded: eth2 \(web-eth2-id\) is attached to no instance, but the stack holds it attached to web-instance-id \(the instance\) as web-eth2-attachment-id: a takeover may be under way/,
    );
    assert.doesNotMatch(err.message, /eth1 \(/);
  });
});

describe("heldAsRecordedProblems, before an attachment is created (the engine's hook)", () => {
  const facts = { role: "eth1", networkInterfaceId: "eni-0eth1", labels: { "i-0s": "the standby" }, stack: "dev" };

  it("lets the attachment be created when the interface is attached to no instance", () => {
    assert.deepEqual(heldAsRecordedProblems(facts), []);
  });

  it("refuses it when a takeover left the interface on the standby and a refresh dropped the stack's attachment", () => {
    assert.deepEqual(heldAsRecordedProblems({ ...facts, now: { attachmentId: "eni-attach-0n", instanceId: "i-0s" } }), [
      "eni-held-as-recorded: eth1 (eni-0eth1) is attached to i-0s (the standby) as eni-attach-0n, which the stack " +
        "does not hold (after a takeover and a refresh), so attaching it again would fail; record the takeover with " +
        '`npm run takeover -- --stack dev` (the component README, "After a failover").',
    ]);
  });
});
