import * as assert from "node:assert/strict";
import {
  AttachNetworkInterfaceCommand,
  DescribeAddressesCommand,
  DetachNetworkInterfaceCommand,
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
  waitUntilOnStandby,
  type FailoverTopology,
  type ForwardedRequest,
} from "../support/failoverRig";
import { motoEc2ForSuite } from "../support/motoSuite";

/** Interval and threshold of every test here (monitorConfig): detection takes 3 × 0.5 s. */
const detectionMs = 1500;
/**
 * How much longer than detection the monitor may take to move three interfaces on moto. Measured
 * here (2 cores, the tests' 0.05 s poll): 0.2–0.3 s after the third failed check; with the
 * monitor's own 0.2 s poll, 0.40–0.50 s (`npm run bench:failover`). The bound leaves room for a
 * machine busy with other test files.
 */
const moveBoundMs = 2500;

/** Watches a log line per round for `ms`, asserting the interfaces never leave the primary. */
async function staysOnPrimary(ec2: EC2Client, topology: FailoverTopology, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const holders = await holdersOf(
      ec2,
      topology.secondaries.map((s) => s.id),
    );
    for (const s of topology.secondaries) assert.equal(holders.get(s.id)?.instanceId, topology.primaryInstanceId);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the failover monitor, run as a process against moto", function () {
  this.timeout(60_000);
  const suite = motoEc2ForSuite();
  let health: HealthServer;
  let proxy: Ec2Proxy;
  let monitor: MonitorProcess | undefined;
  beforeEach(async () => {
    health = new HealthServer("127.0.0.2");
    await health.set("ok");
    proxy = new Ec2Proxy(suite.moto.endpoint);
    await proxy.start();
  });
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
    await health.set("down");
    await proxy.stop();
  });

  /** A fresh topology and a monitor watching it, armed (it has seen the primary answer). */
  async function armedMonitor(secondaries: number, extra: Record<string, unknown> = {}) {
    const topology = await createFailoverTopology(suite.moto.endpoint, secondaries);
    monitor = new MonitorProcess({ ...monitorConfig(topology, health.url, proxy.endpoint), ...extra });
    await monitor.waitFor(/monitoring armed/);
    return topology;
  }

  it("moves every secondary interface to the standby within detection time plus a measured bound", async () => {
    const topology = await armedMonitor(3);
    const ids = topology.secondaries.map((s) => s.id);
    const failedAt = performance.now();
    await health.set("down");
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
      /taking over/,
      /force-detaching eth1/,
      /attaching eth3/,
    ]) {
      assert.match(
        monitor!.log,
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00 .*${step.source}`, "m"),
      );
    }
  });

  it("does not move on a single failed check: the next answer resets the count", async () => {
    const topology = await armedMonitor(1);
    const seen = health.checks;
    await health.set("error");
    while (health.checks === seen) await new Promise((r) => setTimeout(r, 5));
    await health.set("ok");
    await monitor!.waitFor(/answered again \(HTTP 200\) after 1 failed check\(s\); count reset/);
    await staysOnPrimary(suite.ec2, topology, 2000);
    assert.match(monitor!.log, /primary check failed \(HTTP 503\): 1 of 3 in a row/);
    assert.doesNotMatch(monitor!.log, /2 of 3|taking over/);
  });

  it("does not move for a flapping primary that never fails three checks in a row", async () => {
    const topology = await armedMonitor(1);
    await health.set(["error", "error", "ok"]);
    await staysOnPrimary(suite.ec2, topology, 3000);
    assert.match(monitor!.log, /2 of 3 in a row/);
    assert.doesNotMatch(monitor!.log, /3 of 3|taking over/);
  });

  it("moves nothing while EC2 cannot be reached, logs it, and takes over once it can", async () => {
    const topology = await armedMonitor(2);
    proxy.reachable = false;
    await health.set("down");
    await monitor!.waitFor(/primary unhealthy but EC2 cannot be reached \(DescribeNetworkInterfaces: cannot reach/);
    await staysOnPrimary(suite.ec2, topology, 1500);
    assert.ok(monitor!.lines.filter((l) => /EC2 cannot be reached/.test(l.text)).length >= 2, monitor!.log);
    proxy.reachable = true;
    await waitUntilOnStandby(suite.ec2, topology, 10_000);
  });

  it("completes a move that failed halfway on its next round", async () => {
    const topology = await armedMonitor(3);
    proxy.failing.set("AttachNetworkInterface", 1);
    await health.set("down");
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
    await health.set("down");
    await monitor!.waitFor(/takeover interrupted/);
    await monitor!.stop(true);
    const stateDir = monitor!.stateDir;
    proxy.failing.clear();
    await health.set("ok");
    monitor = new MonitorProcess(monitorConfig(topology, health.url, proxy.endpoint), { stateDir });
    await monitor.waitFor(/a takeover started at .* is unfinished; completing it/);
    await monitor.waitFor(/takeover complete/);
    await waitUntilOnStandby(suite.ec2, topology, 1000);
  });

  it("never moves the interfaces back, and arms again once they are failed back to a healthy primary", async () => {
    const topology = await armedMonitor(1, { rearmCheckSeconds: 0.5 });
    const [eth1] = topology.secondaries;
    await health.set("down");
    await monitor!.waitFor(/takeover complete/);
    await health.set("ok");
    const calls = proxy.requests.length;
    await new Promise((r) => setTimeout(r, 2000));
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
    await health.set("down");
    await waitUntilOnStandby(suite.ec2, topology, 10_000);
  });

  it("signs its requests with the instance role's credentials from IMDSv2, and reads its own id and region there", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 1);
    const imds = new FakeImds({ instanceId: topology.standbyInstanceId, region: "us-east-1" });
    await imds.start();
    try {
      // What an instance reads from its metadata: left out of the config.
      const config = monitorConfig(topology, health.url, proxy.endpoint);
      delete config.region;
      delete config.standbyInstanceId;
      monitor = new MonitorProcess({ ...config, imdsEndpoint: imds.endpoint }, { env: {} });
      await monitor.waitFor(/monitoring armed/);
      await health.set("down");
      await waitUntilOnStandby(suite.ec2, topology, 10_000);
      for (const request of proxy.requests) {
        assert.match(
          String(request.headers.authorization),
          /^AWS4-HMAC-SHA256 Credential=ASIAFAKEIMDSKEY\/\d{8}\/us-east-1\/ec2\/aws4_request, /,
        );
        assert.equal(request.headers["x-amz-security-token"], "imds-session-token");
      }
    } finally {
      await imds.stop();
    }
  });

  it("makes only calls the policy generated from the same ids allows", async () => {
    const topology = await armedMonitor(3);
    const ids = topology.secondaries.map((s) => s.id);
    const before = await holdersOf(suite.ec2, ids);
    const byAttachment = new Map(ids.map((id) => [before.get(id)!.attachmentId!, id]));
    await health.set("down");
    await monitor!.waitFor(/takeover complete/);
    const policy = failoverPolicyDocument({
      partition: "aws",
      region: "us-east-1",
      accountId: "123456789012",
      primaryInstanceId: topology.primaryInstanceId,
      standbyInstanceId: topology.standbyInstanceId,
      networkInterfaceIds: ids,
    });
    const resourcesOf = ({ action, params }: ForwardedRequest): string[] => {
      if (action === "DescribeNetworkInterfaces") return ["*"];
      if (action === "DetachNetworkInterface") {
        return [
          ec2Arn("instance", topology.primaryInstanceId),
          ec2Arn("network-interface", byAttachment.get(params.AttachmentId)!),
        ];
      }
      return [ec2Arn("instance", params.InstanceId), ec2Arn("network-interface", params.NetworkInterfaceId)];
    };
    const actions = proxy.requests.map((r) => r.action);
    assert.deepEqual([...new Set(actions)].sort(), [
      "AttachNetworkInterface",
      "DescribeNetworkInterfaces",
      "DetachNetworkInterface",
    ]);
    for (const request of proxy.requests) {
      assert.ok(allows(policy, `ec2:${request.action}`, resourcesOf(request)), JSON.stringify(request.params));
    }
  });
});
