// `npm run playground`, the README's main command, run as a user runs it: to the end and torn
// down with --destroy, and interrupted with Ctrl-C halfway. Either way nothing is left behind.
import * as ec2 from "@aws-sdk/client-ec2";
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { engine, repoRoot } from "../../scripts/local/engineHarness";
import { motoEc2Client } from "../../scripts/local/motoTopology";

const sessionFile = path.join(repoRoot, ".playground", "session.json");

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the playground in its own process group, as a terminal runs a foreground command. */
function playground(args: string[], onStderr?: (text: string, pid: number) => void): Promise<Finished> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "scripts/playground.ts", ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child.pid!);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2].startsWith("Z");
  } catch {
    return false;
  }
}

/** Whether the process has exited (a zombie counts as exited), waiting up to 5 s. */
async function stopped(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 5000; waited += 100) {
    if (!running(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** The strategy of every placement group in the playground stack's state (the local file backend). */
function placementStrategies(): string[] {
  const backend = path.join(repoRoot, ".playground", "pulumi", "state");
  const file = readdirSync(backend, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith("playground.json"))!;
  const state = JSON.parse(readFileSync(path.join(backend, file), "utf8")) as {
    checkpoint: { latest: { resources: { type: string; outputs?: { strategy?: string } }[] } };
  };
  return state.checkpoint.latest.resources
    .filter((r) => r.type === "aws:ec2/placementGroup:PlacementGroup")
    .map((r) => r.outputs!.strategy!);
}

describe(`npm run playground (${engine.description})`, function () {
  this.timeout(600_000);

  before(() => assert.ok(!existsSync(sessionFile), "a playground is already running here; tear it down first"));
  afterEach(async () => {
    // Whatever a failed test left (the stack, the emulator, the stack's settings file), so the next
    // test starts from nothing.
    if (existsSync(sessionFile)) await playground(["--destroy"]);
    rmSync(path.join(repoRoot, "Pulumi.playground.yaml"), { force: true });
  });

  it("deploys the stack into moto, verifies it, prints the outputs, and --destroy leaves nothing running", async () => {
    const run = await playground([]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /==> pulumi up of the stack "playground"/);
    assert.match(run.stdout, /all 2 rows OK/);
    assert.match(run.stdout, /^urls +\["http:\/\/[\d.]+\/"\]$/m);
    const { motoPid } = JSON.parse(readFileSync(sessionFile, "utf8")) as { motoPid: number };
    assert.ok(running(motoPid), "the emulator stopped before --destroy");

    const teardown = await playground(["--destroy"]);
    assert.equal(teardown.code, 0, teardown.stderr);
    assert.match(teardown.stderr, /==> destroyed in/);
    assert.equal(existsSync(sessionFile), false);
    assert.equal(await stopped(motoPid), true, "the emulator still runs");
  });

  it("tears everything down on Ctrl-C during pulumi up", async () => {
    let motoPid = 0;
    let sent = false;
    const run = await playground([], (stderr, pid) => {
      if (!sent && stderr.includes("==> pulumi up of the stack")) {
        sent = true;
        motoPid = (JSON.parse(readFileSync(sessionFile, "utf8")) as { motoPid: number }).motoPid;
        // The whole foreground group, as a terminal does: the Pulumi CLI gets it too.
        setTimeout(() => process.kill(-pid, "SIGINT"), 1500);
      }
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /interrupted: tearing down/);
    assert.match(run.stderr, /==> destroyed in/);
    assert.equal(existsSync(sessionFile), false);
    assert.equal(await stopped(motoPid), true, "the emulator still runs");
  });

  it("with --config examples/stack-config/instance-options.yaml, deploys every instance option and tears down what protection keeps", async () => {
    const run = await playground(["--config", "examples/stack-config/instance-options.yaml"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /Pulumi.dev.yaml's settings with examples\/stack-config\/instance-options.yaml's over them/,
    );
    assert.match(run.stdout, /all 3 rows OK/);
    // moto has no placement groups (the stand-in provider keeps them): the stack's state holds it.
    assert.deepEqual(placementStrategies(), ["spread"]);
    assert.match(run.stdout, /^instance profile web-instance-profile-\w+: on every instance$/m);
    const session = JSON.parse(readFileSync(sessionFile, "utf8")) as { endpoint: string; motoPid: number };
    const api = motoEc2Client(session.endpoint);
    try {
      const teamGroup = (
        await api.send(
          new ec2.DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["team-shared"] }] }),
        )
      ).SecurityGroups![0].GroupId!;
      const interfaces = (await api.send(new ec2.DescribeNetworkInterfacesCommand({}))).NetworkInterfaces!;
      assert.equal(interfaces.length, 3);
      for (const eni of interfaces)
        assert.ok(
          eni.Groups!.some((g) => g.GroupId === teamGroup),
          eni.NetworkInterfaceId,
        );
      const instances = (await api.send(new ec2.DescribeInstancesCommand({}))).Reservations!.flatMap(
        (r) => r.Instances!,
      );
      assert.equal(instances.length, 2);
      for (const instance of instances) {
        const attribute = (name: ec2.InstanceAttributeName) =>
          api.send(new ec2.DescribeInstanceAttributeCommand({ InstanceId: instance.InstanceId!, Attribute: name }));
        assert.equal(instance.Monitoring?.State, "enabled");
        assert.equal((await attribute("disableApiTermination")).DisableApiTermination?.Value, true);
        assert.equal((await attribute("disableApiStop")).DisableApiStop?.Value, true);
        const userData = Buffer.from((await attribute("userData")).UserData!.Value!, "base64").toString("utf8");
        assert.match(userData, /multipart\/mixed[\s\S]*booted at/);
        const volumeId = instance.BlockDeviceMappings![0].Ebs!.VolumeId!;
        const [volume] = (await api.send(new ec2.DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes!;
        assert.deepEqual([volume.Size, volume.VolumeType, volume.Throughput, volume.Encrypted], [20, "gp3", 250, true]);
      }
    } finally {
      api.destroy();
    }

    const teardown = await playground(["--destroy"]);
    assert.equal(teardown.code, 0, teardown.stderr);
    assert.match(teardown.stderr, /because it is protected/);
    assert.match(
      teardown.stderr,
      /==> pulumi destroy was refused: termination protection is on; stopping moto removes the server anyway/,
    );
    assert.equal(existsSync(sessionFile), false);
    assert.equal(existsSync(path.join(repoRoot, "Pulumi.playground.yaml")), false);
    assert.equal(await stopped(session.motoPid), true, "the emulator still runs");
  });

  it("with --config examples/stack-config/network-cards.yaml, attaches interfaces on two cards and verify passes them", async () => {
    const run = await playground(["--config", "examples/stack-config/network-cards.yaml"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /all 9 rows OK/);
    const outputs = JSON.parse(readFileSync(path.join(repoRoot, ".playground", "outputs.json"), "utf8")) as {
      interfaces: { networkCardIndex: number; deviceIndex: number }[];
    };
    assert.deepEqual(
      outputs.interfaces.map((i) => [i.networkCardIndex, i.deviceIndex]),
      [...Array.from({ length: 8 }, (_, i) => [0, i]), [1, 1]],
    );
    const teardown = await playground(["--destroy"]);
    assert.equal(teardown.code, 0, teardown.stderr);
    assert.match(teardown.stderr, /==> destroyed in/);
    assert.equal(existsSync(sessionFile), false);
  });
});
