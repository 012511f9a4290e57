import * as assert from "node:assert/strict";
import {
  AttachNetworkInterfaceCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DetachNetworkInterfaceCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { failoverPolicyDocument } from "../../components/failover/policy";
import { allows, ec2Arn } from "../support/iamModel";
import {
  createFailoverTopology,
  Ec2Proxy,
  FakeImds,
  HealthServer,
  holdersOf,
  monitorConfig,
  MonitorProcess,
  NotificationInbox,
  waitUntilOnStandby,
  type FailoverTopology,
  type ForwardedRequest,
  type HealthTarget,
} from "../support/failoverRig";
import { motoEc2ForSuite } from "../support/motoSuite";

/** Interval and threshold of every test here (monitorConfig): detection takes 3 × 0.5 s when connections are refused. */
const detectionMs = 1500;
/** A check's timeout here (monitorConfig): a round of checks that time out ends 0.5 s after it starts. */
const checkTimeoutMs = 500;
/**
 * How much longer than detection the monitor may take to confirm with EC2 and move three
 * interfaces on moto: one `DescribeInstanceStatus`, then a detach and an attach per interface,
 * polled every 0.05 s here (`npm run bench:failover` gives the move with the monitor's own 0.2 s
 * poll: 0.05–0.13 s). The bound leaves room for a machine busy with other test files.
 */
const moveBoundMs = 2500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Watches EC2 for `ms`, asserting the interfaces never leave the primary. */
async function staysOnPrimary(ec2: EC2Client, topology: FailoverTopology, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const holders = await holdersOf(
      ec2,
      topology.secondaries.map((s) => s.id),
    );
    for (const s of topology.secondaries) assert.equal(holders.get(s.id)?.instanceId, topology.primaryInstanceId);
    await sleep(100);
  }
}

async function instanceState(ec2: EC2Client, id: string): Promise<string | undefined> {
  const found = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return found.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

describe("the failover monitor, run as a process against moto", function () {
  this.timeout(60_000);
  const suite = motoEc2ForSuite();
  /** The primary's web server on eth0's address and on each secondary interface's (TEST DOUBLES). */
  let servers: HealthServer[];
  /** The standby's own page, which it checks before any takeover. */
  let own: HealthServer;
  let proxy: Ec2Proxy;
  let inbox: NotificationInbox;
  let monitor: MonitorProcess | undefined;
  beforeEach(async () => {
    own = new HealthServer("127.0.0.5");
    await own.set("ok");
    servers = [];
    proxy = new Ec2Proxy(suite.moto.endpoint);
    await proxy.start();
    inbox = new NotificationInbox(suite.moto.endpoint);
    await inbox.start();
  });
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
    for (const server of [...servers, own]) await server.set("down");
    await proxy.stop();
    await inbox.stop();
  });

  /** A health server per address checked: eth0's, then (with `everyInterface`) each secondary's. */
  async function targets(topology: FailoverTopology, everyInterface: boolean): Promise<HealthTarget[]> {
    const names = ["eth0", ...(everyInterface ? topology.secondaries.map((s) => `eth${s.deviceIndex}`) : [])];
    servers = names.map(() => new HealthServer("127.0.0.2"));
    for (const server of servers) await server.set("ok");
    return names.map((name, i) => ({ name, url: servers[i].url }));
  }

  /** Every address the primary is checked on answers `answer`. */
  async function primaryAnswers(answer: Parameters<HealthServer["set"]>[0]): Promise<void> {
    for (const server of servers) await server.set(answer);
  }

  /** A fresh topology and a monitor watching it, armed (it has seen the primary answer), notifying `inbox`. */
  async function armedMonitor(secondaries: number, extra: Record<string, unknown> = {}, everyInterface = true) {
    const topology = await createFailoverTopology(suite.moto.endpoint, secondaries);
    monitor = new MonitorProcess({
      ...monitorConfig(topology, await targets(topology, everyInterface), proxy.endpoint),
      selfCheckUrl: own.url,
      topicArn: inbox.topicArn,
      serverName: "web",
      ...extra,
    });
    await monitor.waitFor(/monitoring armed/);
    return topology;
  }

  const stopPrimary = (topology: FailoverTopology) =>
    suite.ec2.send(new StopInstancesCommand({ InstanceIds: [topology.primaryInstanceId] }));

  describe("takes over when the checks fail and EC2 agrees the instance is gone", () => {
    it("moves every secondary interface within detection time plus a measured bound once the instance is stopped", async () => {
      const topology = await armedMonitor(3);
      const ids = topology.secondaries.map((s) => s.id);
      const failedAt = performance.now();
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      const movedAt = await waitUntilOnStandby(suite.ec2, topology, 20_000);
      assert.ok(
        movedAt - failedAt <= detectionMs + moveBoundMs,
        `moved ${Math.round(movedAt - failedAt)} ms after the failure (bound ${detectionMs + moveBoundMs} ms)`,
      );
      // Same device indexes; every Elastic IP still on its own interface.
      const holders = await holdersOf(suite.ec2, ids);
      for (const s of topology.secondaries) assert.equal(holders.get(s.id)?.deviceIndex, s.deviceIndex);
      const addresses = await suite.ec2.send(
        new DescribeAddressesCommand({ PublicIps: topology.secondaries.map((s) => s.publicIp) }),
      );
      for (const s of topology.secondaries) {
        assert.equal(addresses.Addresses?.find((a) => a.PublicIp === s.publicIp)?.NetworkInterfaceId, s.id);
      }
      await monitor!.waitFor(/takeover complete/);
      // Each step in the journal, with its time.
      for (const step of [
        /primary check failed .*: 3 of 3 in a row/,
        /taking over: .* and EC2 reports it stopp(ing|ed)/,
        /force-detaching eth1/,
        /attaching eth3/,
      ]) {
        assert.match(
          monitor!.log,
          new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00 .*${step.source}`, "m"),
        );
      }
      // One message, naming both instances, every interface and the timings.
      const [message] = await inbox.waitFor(1);
      assert.equal(
        message.subject,
        `web: standby ${topology.standbyInstanceId} took over from ${topology.primaryInstanceId}`,
      );
      for (const s of topology.secondaries)
        assert.match(message.message, new RegExp(`eth${s.deviceIndex} \\(${s.id}\\)`));
      assert.match(
        message.message,
        /First failed check: .*\nTakeover decided: .*\nEvery interface attached here: .* s after the first failed check/,
      );
      await sleep(500);
      assert.equal(inbox.received.length, 1);
    });

    it("takes over within one check timeout more when the checks time out instead of being refused", async () => {
      const topology = await armedMonitor(2);
      const failedAt = performance.now();
      await Promise.all([primaryAnswers("hang"), stopPrimary(topology)]);
      const movedAt = await waitUntilOnStandby(suite.ec2, topology, 20_000);
      const bound = detectionMs + checkTimeoutMs + moveBoundMs;
      assert.ok(
        movedAt - failedAt <= bound,
        `moved ${Math.round(movedAt - failedAt)} ms after the failure (bound ${bound} ms)`,
      );
      assert.match(
        monitor!.log,
        /primary check failed \(eth0 timed out; eth1 timed out; eth2 timed out\): 3 of 3 in a row/,
      );
      // Rounds keep their cadence: the third failed round decides, no round waits out more than one timeout.
      const third = await monitor!.waitFor(/3 of 3 in a row/);
      const decided = await monitor!.waitFor(/taking over: /);
      assert.ok(
        decided.at - third.at < 500,
        `decided ${Math.round(decided.at - third.at)} ms after the third failed round`,
      );
    });

    it("takes over from a terminated instance within the same bound", async () => {
      const topology = await armedMonitor(2);
      const failedAt = performance.now();
      await Promise.all([
        primaryAnswers("down"),
        suite.ec2.send(new TerminateInstancesCommand({ InstanceIds: [topology.primaryInstanceId] })),
      ]);
      const movedAt = await waitUntilOnStandby(suite.ec2, topology, 20_000);
      assert.ok(movedAt - failedAt <= detectionMs + moveBoundMs, `moved after ${Math.round(movedAt - failedAt)} ms`);
      assert.match(monitor!.log, /taking over: .*(EC2 reports it terminated|attached to no instance)/);
    });

    it("takes over from a running instance whose status check EC2 reports impaired", async () => {
      const topology = await armedMonitor(1);
      proxy.impaired.set(topology.primaryInstanceId, "system");
      await primaryAnswers("hang");
      await waitUntilOnStandby(suite.ec2, topology, 20_000);
      assert.match(monitor!.log, /taking over: .* EC2 reports its system status check impaired/);
    });

    it("a monitor started while the instance is already down, which never saw it answer, still takes over", async () => {
      const topology = await createFailoverTopology(suite.moto.endpoint, 1);
      const checks = await targets(topology, true);
      await primaryAnswers("down");
      await stopPrimary(topology);
      monitor = new MonitorProcess({ ...monitorConfig(topology, checks, proxy.endpoint), selfCheckUrl: own.url });
      await waitUntilOnStandby(suite.ec2, topology, 20_000);
      assert.doesNotMatch(monitor.log, /monitoring armed/);
    });

    it("a monitor SIGKILLed during detection and restarted keeps its count and takes over", async () => {
      const topology = await armedMonitor(2);
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await monitor!.waitFor(/2 of 3 in a row/);
      await monitor!.stop(true, "SIGKILL");
      const stateDir = monitor!.stateDir;
      const restartedAt = performance.now();
      monitor = new MonitorProcess(
        {
          ...monitorConfig(
            topology,
            servers.map((s, i) => ({ name: `eth${i}`, url: s.url })),
            proxy.endpoint,
          ),
          selfCheckUrl: own.url,
        },
        { stateDir },
      );
      await monitor.waitFor(/resuming with 2 failed check\(s\) in a row counted before a restart/);
      const movedAt = await waitUntilOnStandby(suite.ec2, topology, 20_000);
      // One more failed check after the restart (0.5 s apart), not three.
      assert.ok(movedAt - restartedAt < detectionMs, `moved ${Math.round(movedAt - restartedAt)} ms after the restart`);
      assert.match(monitor.log, /3 of 3 in a row/);
      assert.doesNotMatch(monitor.log, /1 of 3 in a row/);
    });
  });

  describe("refuses to take over a live instance's addresses", () => {
    it("a partition (every check times out, EC2 says running and ok) moves nothing and publishes one notification", async () => {
      const topology = await armedMonitor(2);
      await primaryAnswers("hang");
      await monitor!.waitFor(
        /not taking over: EC2 reports it running, status checks system ok, instance ok: a partition/,
      );
      await staysOnPrimary(suite.ec2, topology, 3000);
      const [message] = await inbox.waitFor(1);
      assert.equal(message.subject, "web: takeover refused (partition)");
      assert.match(message.message, new RegExp(`Primary: ${topology.primaryInstanceId}`));
      assert.match(message.message, /Checks: eth0 timed out; eth1 timed out; eth2 timed out/);
      assert.match(message.message, new RegExp(`Standby: ${topology.standbyInstanceId}`));
      assert.equal(inbox.received.length, 1, "one message for the whole episode");
      assert.ok(!proxy.requests.some((r) => r.action === "DetachNetworkInterface"));
    });

    it("Apache stopped on an instance EC2 reports running and ok is refused as a partition is, until the instance is stopped", async () => {
      const topology = await armedMonitor(2);
      await primaryAnswers("down");
      await monitor!.waitFor(
        /not taking over: EC2 reports it running, status checks system ok, instance ok: a partition is suspected, or its web server is down/,
      );
      await staysOnPrimary(suite.ec2, topology, 2000);
      const [message] = await inbox.waitFor(1);
      assert.equal(message.subject, "web: takeover refused (partition)");
      assert.match(
        message.message,
        /Checks: eth0 .*Connection refused; eth1 .*Connection refused; eth2 .*Connection refused/,
      );
      assert.ok(!proxy.requests.some((r) => r.action === "DetachNetworkInterface"));
      // What the README tells the operator to do: stop the instance; the next round takes over.
      const stoppedAt = performance.now();
      await stopPrimary(topology);
      const movedAt = await waitUntilOnStandby(suite.ec2, topology, 10_000);
      assert.ok(movedAt - stoppedAt <= 500 + moveBoundMs, `moved ${Math.round(movedAt - stoppedAt)} ms after the stop`);
      assert.equal(
        (await inbox.waitFor(2))[1].subject,
        `web: standby ${topology.standbyInstanceId} took over from ${topology.primaryInstanceId}`,
      );
    });

    it("a standby whose own page does not answer moves nothing, says so, and takes over once it does", async () => {
      const topology = await armedMonitor(1);
      await own.set("down");
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await monitor!.waitFor(
        /not taking over: this standby's own page at http:\/\/127\.0\.0\.5:\d+\/health does not answer/,
      );
      await staysOnPrimary(suite.ec2, topology, 1500);
      assert.equal((await inbox.waitFor(1))[0].subject, "web: takeover refused (standby unfit)");
      await own.set("ok");
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
    });

    it("moves nothing while EC2 cannot be reached, logs it, and takes over once it can", async () => {
      const topology = await armedMonitor(2);
      proxy.reachable = false;
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await monitor!.waitFor(/not taking over: EC2 cannot be reached \(DescribeNetworkInterfaces: cannot reach/);
      await staysOnPrimary(suite.ec2, topology, 1500);
      proxy.reachable = true;
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
      // The refusal was queued while SNS (behind the same cut endpoint) was unreachable, and sent after.
      const subjects = (await inbox.waitFor(2)).map((m) => m.subject);
      assert.deepEqual(subjects.slice(0, 2), [
        "web: takeover refused (ec2 unreachable)",
        `web: standby ${topology.standbyInstanceId} took over from ${topology.primaryInstanceId}`,
      ]);
    });

    it("does not move on a single failed check: the next answer resets the count", async () => {
      const topology = await armedMonitor(1, {}, false);
      const seen = servers[0].checks;
      await servers[0].set("error");
      while (servers[0].checks === seen) await sleep(5);
      await servers[0].set("ok");
      await monitor!.waitFor(/answered again \(eth0 HTTP 200\) after 1 failed check\(s\); count reset/);
      await staysOnPrimary(suite.ec2, topology, 2000);
      assert.match(monitor!.log, /primary check failed \(eth0 HTTP 503\): 1 of 3 in a row/);
      assert.doesNotMatch(monitor!.log, /2 of 3|taking over/);
    });

    it("does not move for a flapping primary that never fails three checks in a row", async () => {
      const topology = await armedMonitor(1, {}, false);
      await servers[0].set(["error", "error", "ok"]);
      await staysOnPrimary(suite.ec2, topology, 3000);
      assert.match(monitor!.log, /2 of 3 in a row/);
      assert.doesNotMatch(monitor!.log, /3 of 3|taking over/);
    });

    it("counts the statuses healthyStatusCodes names as alive: a busy server's 503 then fails no check", async () => {
      const topology = await armedMonitor(1, { healthyStatusCodes: "200-399,503" });
      await primaryAnswers("error");
      await staysOnPrimary(suite.ec2, topology, 2000);
      assert.doesNotMatch(monitor!.log, /check failed/);
    });
  });

  describe("checks the addresses clients use, by the configured rule", () => {
    it("unhealthyWhen all (the default): an eth1 that stops answering while eth0 answers is reported, and nothing moves", async () => {
      const topology = await armedMonitor(2);
      await servers[1].set("hang");
      await monitor!.waitFor(
        /degraded: eth1 timed out failing while the rest answers; not a failure when every checked address fails/,
      );
      await staysOnPrimary(suite.ec2, topology, 1500);
      const [message] = await inbox.waitFor(1);
      assert.equal(message.subject, "web: eth1 not answering");
      assert.doesNotMatch(monitor!.log, /check failed|taking over/);
    });

    it("unhealthyWhen all: a broken path to eth0 alone moves nothing", async () => {
      const topology = await armedMonitor(2);
      await servers[0].set("hang");
      await monitor!.waitFor(/degraded: eth0 timed out failing/);
      await staysOnPrimary(suite.ec2, topology, 1000);
    });

    it("unhealthyWhen eth0: eth0 failing decides whatever eth1 answers, and an eth1 failing alone is not a failure", async () => {
      const topology = await armedMonitor(2, { unhealthyWhen: "eth0" });
      await servers[1].set("hang");
      await staysOnPrimary(suite.ec2, topology, 1500);
      assert.doesNotMatch(monitor!.log, /check failed/);
      await servers[1].set("ok");
      await Promise.all([servers[0].set("down"), stopPrimary(topology)]);
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
      assert.match(monitor!.log, /primary check failed \(eth0 .*; eth1 HTTP 200; eth2 HTTP 200\): 3 of 3 in a row/);
    });

    it("unhealthyWhen any: an eth1 that stops answering counts as failed, and EC2 then decides", async () => {
      const topology = await armedMonitor(2, { unhealthyWhen: "any" });
      await servers[1].set("hang");
      await monitor!.waitFor(/3 of 3 in a row/);
      await monitor!.waitFor(/not taking over: EC2 reports it running/);
      await staysOnPrimary(suite.ec2, topology, 1000);
      proxy.impaired.set(topology.primaryInstanceId, "instance");
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
      assert.match(monitor!.log, /EC2 reports its instance status check impaired/);
    });
  });

  describe("fencing", () => {
    it("stops the instance (forced) before the first detach", async () => {
      const topology = await armedMonitor(2, { fence: true });
      proxy.impaired.set(topology.primaryInstanceId, "both");
      await primaryAnswers("hang");
      await waitUntilOnStandby(suite.ec2, topology, 20_000);
      const actions = proxy.requests.map((r) => r.action);
      const stop = actions.indexOf("StopInstances");
      assert.ok(stop >= 0 && stop < actions.indexOf("DetachNetworkInterface"), actions.join(" "));
      assert.equal(proxy.requests[stop].params.Force, "true");
      assert.equal(proxy.requests[stop].params["InstanceId.1"], topology.primaryInstanceId);
      assert.equal(actions.filter((a) => a === "StopInstances").length, 1);
      assert.match((await instanceState(suite.ec2, topology.primaryInstanceId)) ?? "", /stopp/);
      assert.match((await inbox.waitFor(1))[0].message, /Primary fenced \(stopped\): /);
    });

    it("with confirmation none, fencing lets the checks alone take over from a running instance whose web server stopped", async () => {
      const topology = await armedMonitor(1, { fence: true, confirmation: "none" });
      await primaryAnswers("down");
      await waitUntilOnStandby(suite.ec2, topology, 20_000);
      assert.match(monitor!.log, /fencing: stopping the primary/);
      assert.ok(!proxy.requests.some((r) => r.action === "DescribeInstanceStatus"));
      assert.match((await instanceState(suite.ec2, topology.primaryInstanceId)) ?? "", /stopp/);
    });
  });

  describe("a move under way", () => {
    it("completes a move that failed halfway on its next round", async () => {
      const topology = await armedMonitor(3);
      proxy.failing.set("AttachNetworkInterface", 1);
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      const interrupted = await monitor!.waitFor(
        /takeover interrupted: AttachNetworkInterface refused: RequestLimitExceeded/,
      );
      const complete = await monitor!.waitFor(/takeover complete/);
      assert.ok(complete.at > interrupted.at);
      await waitUntilOnStandby(suite.ec2, topology, 1000);
    });

    it("finishes an unfinished move after a restart, even once the primary answers again", async () => {
      const topology = await armedMonitor(2);
      proxy.failing.set("AttachNetworkInterface", 1000);
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await monitor!.waitFor(/takeover interrupted/);
      await monitor!.stop(true);
      const stateDir = monitor!.stateDir;
      proxy.failing.clear();
      await primaryAnswers("ok");
      monitor = new MonitorProcess(monitorConfig(topology, servers[0].url, proxy.endpoint), { stateDir });
      await monitor.waitFor(/a takeover started at .* is unfinished; completing it/);
      await monitor.waitFor(/takeover complete/);
      await waitUntilOnStandby(suite.ec2, topology, 1000);
    });

    it("never moves the interfaces back, and arms again once they are failed back to a healthy primary", async () => {
      const topology = await armedMonitor(1, { rearmCheckSeconds: 0.5 });
      const [eth1] = topology.secondaries;
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await monitor!.waitFor(/takeover complete/);
      await suite.ec2.send(new StartInstancesCommand({ InstanceIds: [topology.primaryInstanceId] }));
      await primaryAnswers("ok");
      const calls = proxy.requests.length;
      await sleep(2000);
      assert.equal((await holdersOf(suite.ec2, [eth1.id])).get(eth1.id)?.instanceId, topology.standbyInstanceId);
      const since = proxy.requests.slice(calls).map((r) => r.action);
      assert.deepEqual([...new Set(since)], ["DescribeNetworkInterfaces"], "it only looks while the interface is away");
      // The failback, as `pulumi up` with standbyHoldsInterfaces false does it.
      const attachment = (await holdersOf(suite.ec2, [eth1.id])).get(eth1.id)!.attachmentId!;
      await suite.ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attachment }));
      await suite.ec2.send(
        new AttachNetworkInterfaceCommand({
          NetworkInterfaceId: eth1.id,
          InstanceId: topology.primaryInstanceId,
          DeviceIndex: 1,
        }),
      );
      await monitor!.waitFor(/back on the primary .*; monitoring armed again/);
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
    });
  });

  it("signs its requests with the instance role's credentials from IMDSv2, and reads its own id and region there", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 1);
    const imds = new FakeImds({ instanceId: topology.standbyInstanceId, region: "us-east-1" });
    await imds.start();
    try {
      // What an instance reads from its metadata: left out of the config.
      const config = monitorConfig(topology, await targets(topology, false), proxy.endpoint);
      delete config.region;
      delete config.standbyInstanceId;
      monitor = new MonitorProcess({ ...config, imdsEndpoint: imds.endpoint, topicArn: inbox.topicArn }, { env: {} });
      await monitor.waitFor(/monitoring armed/);
      await Promise.all([primaryAnswers("down"), stopPrimary(topology)]);
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
      await inbox.waitFor(1);
      assert.ok(proxy.requests.some((r) => r.action === "Publish"));
      for (const request of proxy.requests) {
        const service = request.action === "Publish" ? "sns" : "ec2";
        assert.match(
          String(request.headers.authorization),
          new RegExp(`^AWS4-HMAC-SHA256 Credential=ASIAFAKEIMDSKEY/\\d{8}/us-east-1/${service}/aws4_request, `),
        );
        assert.equal(request.headers["x-amz-security-token"], "imds-session-token");
      }
    } finally {
      await imds.stop();
    }
  });

  it("makes exactly the calls the policy generated from the same ids allows, fencing and notifying included", async () => {
    const topology = await armedMonitor(3, { fence: true });
    const ids = topology.secondaries.map((s) => s.id);
    const before = await holdersOf(suite.ec2, ids);
    const byAttachment = new Map(ids.map((id) => [before.get(id)!.attachmentId!, id]));
    // A refused takeover first (a partition), then the real one.
    await primaryAnswers("hang");
    await inbox.waitFor(1);
    proxy.impaired.set(topology.primaryInstanceId, "system");
    await monitor!.waitFor(/takeover complete/);
    await inbox.waitFor(2);
    const policy = failoverPolicyDocument({
      partition: "aws",
      region: "us-east-1",
      accountId: "123456789012",
      primaryInstanceId: topology.primaryInstanceId,
      standbyInstanceId: topology.standbyInstanceId,
      networkInterfaceIds: ids,
      confirmWithEc2: true,
      fence: true,
      topicArn: inbox.topicArn,
    });
    const resourcesOf = ({ action, params }: ForwardedRequest): string[] => {
      switch (action) {
        case "DescribeNetworkInterfaces":
        case "DescribeInstanceStatus":
          return ["*"];
        case "DetachNetworkInterface":
          return [
            ec2Arn("instance", topology.primaryInstanceId),
            ec2Arn("network-interface", byAttachment.get(params.AttachmentId)!),
          ];
        case "StopInstances":
          return [ec2Arn("instance", params["InstanceId.1"])];
        case "Publish":
          return [params.TopicArn];
        default:
          return [ec2Arn("instance", params.InstanceId), ec2Arn("network-interface", params.NetworkInterfaceId)];
      }
    };
    const service = (r: ForwardedRequest) => (r.action === "Publish" ? "sns" : "ec2");
    const made = [...new Set(proxy.requests.map((r) => `${service(r)}:${r.action}`))].sort();
    assert.deepEqual(made, policy.Statement.flatMap((s) => s.Action).sort(), "every statement used, none missing");
    for (const request of proxy.requests) {
      assert.ok(
        allows(policy, `${service(request)}:${request.action}`, resourcesOf(request)),
        JSON.stringify(request.params),
      );
    }
  });
});
