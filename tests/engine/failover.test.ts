// Automatic failover through the real engine against moto (the stand-in AWS provider, a TEST DOUBLE,
// where no real one is installed): `pulumi up` with failover on, a takeover by the monitor the
// standby's user data installs, what `pulumi preview`, `refresh` and `up` then do, the runbook's
// `npm run takeover`, verify, and the failback by the documented step.
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  StartInstancesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { awsFunctions, awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { failoverPolicyDocument } from "../../components/failover/policy";
import {
  Ec2Proxy,
  HealthServer,
  holdersOf,
  installFromUserData,
  MonitorProcess,
  NotificationInbox,
  waitUntilHeldBy,
} from "../support/failoverRig";
import { motoClientConfig } from "../../scripts/local/motoServer";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { runRepoScript } from "../support/repoScript";
import { verifyStackOutputs } from "../support/verifyCommand";
import { engine, engineEnv, repoRoot } from "../../scripts/local/engineHarness";
import { devStackConfig, LifecycleStack, stackKey } from "../../scripts/local/lifecycleStack";
import { dataSources } from "./standInAws/invokes";
import { ec2Resources } from "./standInAws/resources";

/**
 * What the failover stack needs of the stand-in AWS provider (TEST DOUBLE) that it does not provide
 * yet; with the real provider (ENGINE_TESTS_AWS_PROVIDER=real), nothing. The tests are skipped,
 * saying so, while anything is missing. They also need `getNetworkInterface` to report the
 * interface's `attachments` and `pulumi import` of an attachment by its id, as the provider does.
 */
const standInGaps =
  process.env.ENGINE_TESTS_AWS_PROVIDER === "real"
    ? []
    : [
        ...(ec2Resources[awsTypes.rolePolicy] ? [] : [`the ${awsTypes.rolePolicy} resource`]),
        ...[awsFunctions.getRegion, awsFunctions.getCallerIdentity].filter((token) => !dataSources[token]),
      ];

interface Outputs {
  instanceId: string;
  standbyInstanceId: string;
  secondaryInterfacesInstanceId: string;
  interfaces: { networkInterfaceId: string; deviceIndex: number }[];
  standbyInstanceProfileName: string;
}

describe(`automatic failover through the engine against moto (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  before(function () {
    if (standInGaps.length === 0) return;
    console.log(`    skipped: the stand-in AWS provider lacks ${standInGaps.join(", ")}`);
    this.skip();
  });
  const suite = motoVpcForSuite();
  const stackName = `enginetest${process.pid}failover`;
  let scratch: string;
  let stack: LifecycleStack;
  let ec2: EC2Client;
  let initial: Outputs;
  let standbyRoleName: string;
  const iamClient = () => new IAMClient(motoClientConfig(suite.moto.endpoint));
  const outputs = async () => (await stack.outputs()) as unknown as Outputs;
  const secondaryIds = () => initial.interfaces.slice(1).map((eni) => eni.networkInterfaceId);
  const verify = async () => verifyStackOutputs(await stack.outputs(), suite.moto.endpoint);
  /** The runbook's first line, as a user runs it from the repository root, with the stack's engine environment. */
  const takeover = async () => {
    const run = await runRepoScript(
      path.join(repoRoot, "scripts", "takeover.ts"),
      ["--stack", stackName, "--endpoint", suite.moto.endpoint],
      engineEnv(scratch, suite.moto.endpoint),
      repoRoot,
    );
    return { code: run.code, out: run.stdout + run.stderr };
  };

  /** The team's own SNS topic in moto, which the stack names, and a subscriber on loopback. */
  let inbox: NotificationInbox;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "failover-engine-"));
    ec2 = motoEc2Client(suite.moto.endpoint);
    inbox = new NotificationInbox(suite.moto.endpoint);
    await inbox.start();
    stack = await LifecycleStack.create(
      suite.moto.endpoint,
      stackName,
      devStackConfig({
        [stackKey("subnetId")]: suite.vpc.subnets.a1,
        [stackKey("standby")]: "true",
        [stackKey("failover")]: "true",
        // The takeover options on: fencing, and notifications to an existing topic.
        [stackKey("failoverFencing")]: "true",
        [stackKey("failoverNotifications")]: { topicArn: inbox.topicArn },
      }),
      scratch,
    );
  });
  after(() => {
    // dispose() removes the stack's settings file and `scratch`, its state.
    stack?.dispose();
    ec2?.destroy();
    void inbox?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("pulumi up gives the standby its own role, the failover policy from the stack's ids and the monitor", async () => {
    const up = await stack.up();
    for (const name of ["web-standby-role", "web-standby-instance-profile", "web-standby-role-failover"]) {
      assert.deepEqual(up.ops[name], ["create"], name);
    }
    assert.deepEqual(up.ops["web-eth0-ingress-failover-health"], ["create"]);
    assert.deepEqual(up.ops["web-eth1-ingress-failover-health"], ["create"]);
    initial = await outputs();
    const state = await stack.stack.exportStack();
    standbyRoleName = state.deployment.resources.find((r: any) => r.urn.endsWith("::web-standby-role")).id;
    const iam = iamClient();
    try {
      const found = await iam.send(
        new GetRolePolicyCommand({ RoleName: standbyRoleName, PolicyName: "dual-homed-server-failover" }),
      );
      assert.deepEqual(
        JSON.parse(decodeURIComponent(found.PolicyDocument!)),
        failoverPolicyDocument({
          partition: "aws",
          region: "us-east-1",
          accountId: "123456789012",
          primaryInstanceId: initial.instanceId,
          standbyInstanceId: initial.standbyInstanceId,
          networkInterfaceIds: secondaryIds(),
          confirmWithEc2: true,
          fence: true,
          topicArn: inbox.topicArn,
        }),
      );
    } finally {
      iam.destroy();
    }
    assert.equal((await verify()).code, 0);
  });

  it("the monitor the standby's user data installs fences the impaired instance, takes the interfaces over and says so", async () => {
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: initial.standbyInstanceId, Attribute: "userData" }),
    );
    const installed = installFromUserData(Buffer.from(attribute.UserData!.Value!, "base64").toString("utf8"));
    const checks = installed.config.checks as { name: string; url: string }[];
    assert.deepEqual(
      checks.map((c) => c.name),
      ["eth0", "eth1"],
    );
    // TEST DOUBLES: the instance's web server on each checked address and the standby's own page,
    // on loopback (moto's instances run nothing), and EC2 reporting the instance impaired; the rest
    // of the config is the stack's, plus what the standby would read from its instance metadata.
    const servers = checks.map(() => new HealthServer("127.0.0.2"));
    const own = new HealthServer("127.0.0.5");
    for (const server of [...servers, own]) await server.set("ok");
    const proxy = new Ec2Proxy(suite.moto.endpoint);
    await proxy.start();
    const monitor = new MonitorProcess(
      {
        ...installed.config,
        checks: checks.map((c, i) => ({ name: c.name, url: servers[i].url })),
        selfCheckUrl: own.url,
        intervalSeconds: 0.5,
        timeoutSeconds: 0.5,
        endpoint: proxy.endpoint,
        snsEndpoint: proxy.endpoint,
        region: "us-east-1",
        standbyInstanceId: initial.standbyInstanceId,
      },
      { script: installed.script },
    );
    try {
      await monitor.waitFor(/monitoring armed/);
      proxy.impaired.set(initial.instanceId, "system");
      for (const server of servers) await server.set("hang");
      await waitUntilHeldBy(ec2, secondaryIds(), initial.standbyInstanceId, 20_000);
      await monitor.waitFor(/takeover complete/);
      const actions = proxy.requests.map((r) => r.action);
      assert.ok(actions.indexOf("StopInstances") < actions.indexOf("DetachNetworkInterface"), actions.join(" "));
      const [message] = await inbox.waitFor(1);
      assert.equal(message.subject, `web: standby ${initial.standbyInstanceId} took over from ${initial.instanceId}`);
    } finally {
      await monitor.stop();
      for (const server of [...servers, own]) await server.set("down");
      await proxy.stop();
      installed.remove();
    }
    const fenced = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [initial.instanceId] }));
    assert.match(fenced.Reservations![0].Instances![0].State!.Name!, /stopp/);
  });

  it("then pulumi preview refuses, naming the command that records the takeover; verify says the stack and EC2 disagree", async () => {
    await assert.rejects(stack.preview(), (err: Error) => {
      assert.match(
        err.message,
        new RegExp(
          `eni-held-as-recorded: eth1 \\(${secondaryIds()[0]}\\) is attached to ${initial.standbyInstanceId} \\(the standby\\) as eni-attach-\\w+, but the stack holds it attached to ${initial.instanceId} \\(the instance\\) as eni-attach-\\w+: it was moved outside the stack, e\\.g\\. by the failover monitor; record the takeover with \`npm run takeover -- --stack ${stackName}\``,
        ),
      );
      return true;
    });
    const drifted = await verify();
    assert.equal(drifted.code, 1);
    assert.match(drifted.out, new RegExp(`the stack and EC2 disagree: EC2 shows the standby holding eth1`));
  });

  it("pulumi refresh drops the attachments EC2 no longer has; preview then plans them again and up refuses before attaching", async () => {
    await stack.refresh();
    const state = await stack.stack.exportStack();
    assert.equal(state.deployment.resources.filter((r: any) => r.type === awsTypes.attachment).length, 0);
    const preview = await stack.preview();
    assert.deepEqual(preview.ops["web-eth1-attachment"], ["create"]);
    await assert.rejects(
      stack.up(),
      /eni-held-as-recorded: eth1 .* which the stack does not hold \(after a takeover and a refresh\)/,
    );
    assert.equal((await holdersOf(ec2, secondaryIds())).get(secondaryIds()[0])?.instanceId, initial.standbyInstanceId);
  });

  it("npm run takeover records the takeover: the stack then previews no change and verify passes", async () => {
    const recorded = await takeover();
    assert.equal(recorded.code, 0, recorded.out);
    assert.match(recorded.out, /holds every secondary interface already; nothing to move/);
    const preview = await stack.preview();
    assert.deepEqual(Object.keys(preview.ops), []);
    const recordedOutputs = await outputs();
    assert.equal(recordedOutputs.secondaryInterfacesInstanceId, initial.standbyInstanceId);
    const result = await verify();
    assert.equal(result.code, 0, result.out);
  });

  it("fails back with the documented steps: the fenced instance started, standbyHoldsInterfaces false and pulumi up", async () => {
    await ec2.send(new StartInstancesCommand({ InstanceIds: [initial.instanceId] }));
    await stack.setConfig({ [stackKey("standbyHoldsInterfaces")]: { value: "false" } });
    const up = await stack.up();
    assert.ok(up.ops["web-eth1-attachment"]?.includes("replace"), JSON.stringify(up.ops));
    const holders = await holdersOf(ec2, secondaryIds());
    assert.equal(holders.get(secondaryIds()[0])?.instanceId, initial.instanceId);
    assert.equal((await outputs()).secondaryInterfacesInstanceId, initial.instanceId);
    assert.equal((await verify()).code, 0);
  });

  it("pulumi destroy removes the standby's role, profile and failover policy with the rest", async () => {
    const destroyed = await stack.destroy();
    for (const name of ["web-standby-role", "web-standby-instance-profile", "web-standby-role-failover"]) {
      assert.deepEqual(destroyed.ops[name], ["delete"], name);
    }
    const iam = iamClient();
    try {
      await assert.rejects(iam.send(new GetRoleCommand({ RoleName: standbyRoleName })), /NoSuchEntity|cannot be found/);
    } finally {
      iam.destroy();
    }
  });
});
