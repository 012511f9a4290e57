import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  RunInstancesCommand,
  CreateNetworkInterfaceCommand,
  DescribeSubnetsCommand,
  DetachNetworkInterfaceCommand,
  AttachNetworkInterfaceCommand,
  DescribeImagesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import { createFailoverTopology, holdersOf, type FailoverTopology } from "../support/failoverRig";
import { fakePulumi, type FakePulumi } from "../support/fakePulumiCli";
import { motoCredentials } from "../../scripts/local/motoServer";
import { motoEc2ForSuite } from "../support/motoSuite";
import { runRepoScript } from "../support/repoScript";

const takeoverScript = path.join(__dirname, "..", "..", "scripts", "takeover.ts");
const componentUrn = "urn:pulumi:dev::dual-homed-server-stack::dual-homed-server:index:DualHomedServer::web";
const attachmentUrn = (n: number) =>
  `${componentUrn.replace(/::web$/, "")}$${awsTypes.attachment}::web-eth${n}-attachment`;

/** The state `pulumi stack export` prints for the topology, the stack holding each interface's attachment. */
async function exported(ec2: EC2Client, topology: FailoverTopology, standby = true) {
  const ids = topology.secondaries.map((s) => s.id);
  const holders = await holdersOf(ec2, ids);
  const eni = (id: string, deviceIndex: number) => ({ networkInterfaceId: id, deviceIndex, networkCardIndex: 0 });
  return {
    version: 3,
    deployment: {
      resources: [
        {
          urn: componentUrn,
          type: "dual-homed-server:index:DualHomedServer",
          outputs: {
            instanceId: topology.primaryInstanceId,
            standbyInstanceId: standby ? topology.standbyInstanceId : "",
            interfaces: [eni(topology.primaryEth0.id, 0), ...topology.secondaries.map((s) => eni(s.id, s.deviceIndex))],
          },
        },
        ...topology.secondaries.map((s) => ({
          urn: attachmentUrn(s.deviceIndex),
          type: awsTypes.attachment,
          custom: true,
          id: holders.get(s.id)!.attachmentId,
          parent: componentUrn,
          inputs: { instanceId: topology.primaryInstanceId, networkInterfaceId: s.id, deviceIndex: s.deviceIndex },
        })),
      ],
    },
  };
}

const takeover = (args: string[], env: Record<string, string>) =>
  runRepoScript(takeoverScript, args, { ...motoCredentials, ...env });

describe("npm run takeover (EC2 in moto, a fake pulumi CLI)", function () {
  this.timeout(60_000);
  const suite = motoEc2ForSuite();
  let pulumi: FakePulumi | undefined;
  afterEach(() => pulumi?.remove());

  it("moves every secondary interface to the standby at its device index, then records the move in the stack", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 2);
    pulumi = fakePulumi(await exported(suite.ec2, topology));
    const run = await takeover(["--stack", "dev", "--endpoint", suite.moto.endpoint], pulumi.env);
    assert.equal(run.code, 0, run.stderr);
    const ids = topology.secondaries.map((s) => s.id);
    const holders = await holdersOf(suite.ec2, ids);
    for (const s of topology.secondaries) {
      assert.deepEqual(
        [holders.get(s.id)?.instanceId, holders.get(s.id)?.deviceIndex],
        [topology.standbyInstanceId, s.deviceIndex],
      );
    }
    assert.match(run.stdout, /force-detaching eth1 \(eni-\w+\) from the instance i-\w+/);
    assert.match(run.stdout, /moved 2 interface\(s\) to the standby in \d+\.\d\d s/);
    const calls = pulumi.calls().map((args) => args.filter((a) => a !== "--non-interactive" && !a.endsWith(".json")));
    assert.deepEqual(calls, [
      ["stack", "export", "--stack", "dev"],
      ["config", "set", "standbyHoldsInterfaces", "true", "--stack", "dev"],
      [
        "refresh",
        "--yes",
        "--skip-preview",
        "--target",
        attachmentUrn(1),
        "--target",
        attachmentUrn(2),
        "--stack",
        "dev",
      ],
      ["stack", "export", "--stack", "dev"],
      ["import", "--file", "--yes", "--skip-preview", "--protect=false", "--generate-code=false", "--stack", "dev"],
      ["preview", "--expect-no-changes", "--stack", "dev"],
      ["up", "--yes", "--skip-preview", "--stack", "dev"],
    ]);
    // The stack now holds the standby's attachments, under the same names and parent.
    const attachments = pulumi.state().deployment.resources.filter((r) => r.type === awsTypes.attachment);
    assert.deepEqual(
      attachments.map((r) => [r.urn, r.id, r.parent]),
      topology.secondaries.map((s) => [attachmentUrn(s.deviceIndex), holders.get(s.id)!.attachmentId, componentUrn]),
    );
  });

  it("after a takeover by the failover monitor, moves nothing and records it", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 1);
    pulumi = fakePulumi(await exported(suite.ec2, topology));
    const [eth1] = topology.secondaries;
    // What the monitor did: detached from the instance, attached to the standby.
    await suite.ec2.send(
      new DetachNetworkInterfaceCommand({
        AttachmentId: (await holdersOf(suite.ec2, [eth1.id])).get(eth1.id)!.attachmentId,
        Force: true,
      }),
    );
    await suite.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: eth1.id,
        InstanceId: topology.standbyInstanceId,
        DeviceIndex: 1,
      }),
    );
    const run = await takeover(["--stack", "dev", "--endpoint", suite.moto.endpoint, "--record-only"], pulumi.env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /holds every secondary interface already; nothing to move/);
    assert.doesNotMatch(run.stdout, /force-detaching/);
    assert.ok(pulumi.calls().some((args) => args[0] === "import"));
  });

  it("with --record-only refuses, moving nothing, while the instance holds an interface", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 1);
    pulumi = fakePulumi(await exported(suite.ec2, topology));
    const run = await takeover(["--stack", "dev", "--endpoint", suite.moto.endpoint, "--record-only"], pulumi.env);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^takeover: --record-only, but the standby does not hold eth1 \(eni-\w+\); run without it to move them\n$/,
    );
    const [eth1] = topology.secondaries;
    assert.equal((await holdersOf(suite.ec2, [eth1.id])).get(eth1.id)?.instanceId, topology.primaryInstanceId);
    assert.deepEqual(
      pulumi.calls().map((c) => c[0]),
      ["stack"],
    );
  });

  it("moves nothing when an interface is held by an instance that is neither of the server's", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 2);
    pulumi = fakePulumi(await exported(suite.ec2, topology));
    const [, eth2] = topology.secondaries;
    const subnet = (await suite.ec2.send(new DescribeSubnetsCommand({}))).Subnets!.find(
      (s) => s.CidrBlock === "10.0.1.0/24",
    )!;
    const eth0 = (await suite.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId })))
      .NetworkInterface!;
    const image = (await suite.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId!;
    const other = (
      await suite.ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: eth0.NetworkInterfaceId }],
        }),
      )
    ).Instances![0].InstanceId!;
    await suite.ec2.send(
      new DetachNetworkInterfaceCommand({
        AttachmentId: (await holdersOf(suite.ec2, [eth2.id])).get(eth2.id)!.attachmentId,
      }),
    );
    await suite.ec2.send(
      new AttachNetworkInterfaceCommand({ NetworkInterfaceId: eth2.id, InstanceId: other, DeviceIndex: 1 }),
    );
    const run = await takeover(["--stack", "dev", "--endpoint", suite.moto.endpoint], pulumi.env);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(`^takeover: nothing moved: eth2 \\(${eth2.id}\\) is attached to ${other}, neither the instance`),
    );
    const [eth1] = topology.secondaries;
    assert.equal((await holdersOf(suite.ec2, [eth1.id])).get(eth1.id)?.instanceId, topology.primaryInstanceId);
  });

  it("says what is left when recording fails after the move, and exits 1", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 1);
    pulumi = fakePulumi(await exported(suite.ec2, topology));
    const run = await takeover(["--stack", "dev", "--endpoint", suite.moto.endpoint], {
      ...pulumi.env,
      FAKE_PULUMI_FAIL: "import",
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^takeover: `pulumi import --file .*` failed: error: import failed \(as the test asked\)\n$/,
    );
    const [eth1] = topology.secondaries;
    assert.equal((await holdersOf(suite.ec2, [eth1.id])).get(eth1.id)?.instanceId, topology.standbyInstanceId);
  });

  it("refuses a server without a standby, and bad options, before anything is done", async () => {
    const topology = await createFailoverTopology(suite.moto.endpoint, 1);
    pulumi = fakePulumi(await exported(suite.ec2, topology, false));
    const run = await takeover(["--stack", "dev", "--endpoint", suite.moto.endpoint], pulumi.env);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "takeover: web in stack dev has no standby; deploy it with standby: true first\n");
    const bad = await takeover(["--timeout-s", "0"], pulumi.env);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'takeover: --timeout-s is "0"; give a whole number, 1 or more\n');
  });
});
