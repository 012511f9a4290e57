// The instance options through the real engine against moto (the stand-in AWS provider, a TEST
// DOUBLE, where no real one is installed): one `up` turns several on and each is checked in moto;
// then each kind of change lands as the AWS provider makes it (updated in place or the instance
// replaced), termination protection holds in the stack, and `destroy` leaves nothing.
import * as ec2 from "@aws-sdk/client-ec2";
import * as iam from "@aws-sdk/client-iam";
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoClientConfig } from "../../scripts/local/motoServer";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { engine } from "../../scripts/local/engineHarness";
import { devStackConfig, LifecycleStack, stackKey, type RunSummary } from "../../scripts/local/lifecycleStack";

/** Operations of a run on resources of one type, by logical name. */
function opsOfType(run: RunSummary, type: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(run.ops).filter(([name]) => run.types[name] === type));
}

const json = (value: unknown) => ({ value: JSON.stringify(value) });

describe(`instance options through the engine against moto (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  // moto attaches AWS managed policies (AmazonSSMManagedInstanceCore) only when told to load them.
  const suite = motoVpcForSuite({ MOTO_IAM_LOAD_MANAGED_POLICIES: "true" });
  let ec2Api: ec2.EC2Client;
  let iamApi: iam.IAMClient;
  let stack: LifecycleStack;
  let extraGroup: string;

  const instanceId = async () => (await stack.outputs()).instanceId as string;
  const described = async () =>
    (await ec2Api.send(new ec2.DescribeInstancesCommand({ InstanceIds: [await instanceId()] }))).Reservations![0]
      .Instances![0];
  const attribute = async (name: ec2.InstanceAttributeName) =>
    ec2Api.send(new ec2.DescribeInstanceAttributeCommand({ InstanceId: await instanceId(), Attribute: name }));
  const rootVolume = async () => {
    const found = await described();
    const volumeId = found.BlockDeviceMappings!.find((m) => m.DeviceName === found.RootDeviceName)!.Ebs!.VolumeId!;
    return (await ec2Api.send(new ec2.DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes![0];
  };
  const profileOfInstance = async () =>
    (
      await ec2Api.send(
        new ec2.DescribeIamInstanceProfileAssociationsCommand({
          Filters: [{ Name: "instance-id", Values: [await instanceId()] }],
        }),
      )
    ).IamInstanceProfileAssociations?.find((a) => a.State === "associated")?.IamInstanceProfile?.Arn;
  /** The instance's state as the engine holds it. */
  const instanceState = async () => {
    const state = (await stack.stack.exportStack()).deployment as { resources: { type: string; outputs: any }[] };
    return state.resources.find((r) => r.type === awsTypes.instance)!.outputs as Record<string, any>;
  };

  before(async () => {
    ec2Api = motoEc2Client(suite.moto.endpoint);
    iamApi = new iam.IAMClient(motoClientConfig(suite.moto.endpoint));
    const group = await ec2Api.send(
      new ec2.CreateSecurityGroupCommand({ GroupName: "admins", Description: "admins", VpcId: suite.vpc.vpcId }),
    );
    extraGroup = group.GroupId!;
    stack = await LifecycleStack.create(
      suite.moto.endpoint,
      `enginetest${process.pid}options`,
      devStackConfig({
        [stackKey("subnetId")]: suite.vpc.subnets.a1,
        [stackKey("instanceType")]: "t3.large",
        [stackKey("instanceRole")]: { sessionManager: true },
        [stackKey("monitoring")]: "true",
        [stackKey("stopProtection")]: "true",
        // Above the 15 GiB root snapshot of moto's Amazon Linux image (the component checks it).
        [stackKey("rootVolume")]: { sizeGiB: 16, type: "gp3", iops: 3000, throughputMiBps: 125 },
        [stackKey("bootScript")]: "#!/bin/bash\necho first boot\n",
        [stackKey("securityGroupIds")]: [extraGroup],
      }),
    );
  });
  after(async () => {
    await stack?.stack.setConfig(stackKey("terminationProtection"), { value: "false" }).catch(() => undefined);
    await stack?.up().catch(() => undefined);
    await stack?.destroy().catch(() => undefined);
    stack?.dispose();
    ec2Api?.destroy();
    iamApi?.destroy();
  });

  it("creates every option in one up: role and profile, monitoring, stop protection, root volume, boot script, groups", async () => {
    await stack.up();
    const roleName = (await stack.outputs()).instanceProfileName as string;
    const profile = (await iamApi.send(new iam.GetInstanceProfileCommand({ InstanceProfileName: roleName })))
      .InstanceProfile!;
    assert.equal(await profileOfInstance(), profile.Arn);
    const role = profile.Roles![0].RoleName!;
    const policies = await iamApi.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: role }));
    assert.deepEqual(
      policies.AttachedPolicies?.map((p) => p.PolicyArn),
      ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
    );
    assert.equal((await described()).Monitoring?.State, "enabled");
    assert.equal((await attribute("disableApiStop")).DisableApiStop?.Value, true);
    assert.equal((await attribute("disableApiTermination")).DisableApiTermination?.Value, false);
    const volume = await rootVolume();
    assert.deepEqual(
      [volume.Size, volume.VolumeType, volume.Iops, volume.Throughput, volume.Encrypted],
      [16, "gp3", 3000, 125, true],
    );
    const userData = Buffer.from((await attribute("userData")).UserData!.Value!, "base64").toString("utf8");
    assert.match(userData, /multipart\/mixed/);
    assert.match(userData, /echo first boot/);
    const eth0 = (await stack.outputs()).interfaces as { securityGroupIds: string[]; networkInterfaceId: string }[];
    const eni = await ec2Api.send(
      new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eth0[0].networkInterfaceId] }),
    );
    assert.deepEqual(
      eni.NetworkInterfaces![0].Groups!.map((g) => g.GroupId).sort(),
      [...eth0[0].securityGroupIds].sort(),
    );
    assert.ok(eth0[0].securityGroupIds.includes(extraGroup));
    // A second preview changes nothing: what the stand-in reads back matches what the component asks for.
    assert.deepEqual((await stack.preview()).ops, {});
  });

  it("updates in place: monitoring, stop protection, root volume size, IOPS and throughput, another instance profile", async () => {
    await iamApi.send(new iam.CreateRoleCommand({ RoleName: "existing", AssumeRolePolicyDocument: "{}" }));
    const existing = await iamApi.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: "existing" }));
    await iamApi.send(
      new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: "existing", RoleName: "existing" }),
    );
    const before = { id: await instanceId(), volume: (await rootVolume()).VolumeId };
    await stack.removeConfig([stackKey("instanceRole")]);
    await stack.setConfig({
      [stackKey("instanceProfileName")]: { value: "existing" },
      [stackKey("monitoring")]: { value: "false" },
      [stackKey("stopProtection")]: { value: "false" },
      [stackKey("rootVolume")]: json({ sizeGiB: 20, type: "gp3", iops: 4000, throughputMiBps: 250 }),
    });
    const run = await stack.up();
    assert.deepEqual(opsOfType(run, awsTypes.instance), { "web-instance": ["update"] });
    for (const type of [awsTypes.iamRole, awsTypes.instanceProfile, awsTypes.rolePolicyAttachment]) {
      for (const ops of Object.values(opsOfType(run, type))) assert.deepEqual(ops, ["delete"]);
    }
    assert.equal(await instanceId(), before.id);
    assert.equal(await profileOfInstance(), existing.InstanceProfile!.Arn);
    assert.equal((await instanceState()).monitoring, false);
    assert.equal((await attribute("disableApiStop")).DisableApiStop?.Value, false);
    const volume = await rootVolume();
    assert.deepEqual([volume.VolumeId, volume.Size, volume.Iops, volume.Throughput], [before.volume, 20, 4000, 250]);
  });

  it("replaces the instance on a new boot script, on spread placement with a new root volume KMS key, and leaving the group", async () => {
    const first = await instanceId();
    await stack.setConfig({ [stackKey("bootScript")]: { value: "#!/bin/bash\necho second boot\n" } });
    const rebooted = await stack.up();
    assert.deepEqual(opsOfType(rebooted, awsTypes.instance), {
      "web-instance": ["delete-replaced", "replace", "create-replacement"],
    });
    const second = await instanceId();
    assert.notEqual(second, first);
    assert.match(Buffer.from((await attribute("userData")).UserData!.Value!, "base64").toString(), /second boot/);

    await stack.setConfig({
      [stackKey("spreadPlacement")]: { value: "true" },
      [stackKey("rootVolume")]: json({
        sizeGiB: 20,
        type: "gp3",
        iops: 4000,
        throughputMiBps: 250,
        kmsKeyId: "alias/server",
      }),
    });
    const placed = await stack.up();
    assert.deepEqual(opsOfType(placed, awsTypes.instance), {
      "web-instance": ["delete-replaced", "replace", "create-replacement"],
    });
    assert.deepEqual(Object.values(opsOfType(placed, awsTypes.placementGroup)), [["create"]]);
    assert.notEqual(await instanceId(), second);
    const state = await instanceState();
    assert.match(String(state.placementGroup), /^web-placement-/);
    assert.equal((await rootVolume()).KmsKeyId, "alias/server");

    // Leaving the group takes a new instance too (the provider keeps an instance in its group when
    // the program names none; the component's replacement trigger): then the group is deleted.
    await stack.setConfig({ [stackKey("spreadPlacement")]: { value: "false" } });
    const unplaced = await stack.up();
    assert.deepEqual(opsOfType(unplaced, awsTypes.instance), {
      "web-instance": ["delete-replaced", "replace", "create-replacement"],
    });
    assert.deepEqual(Object.values(opsOfType(unplaced, awsTypes.placementGroup)), [["delete"]]);
    assert.equal((await instanceState()).placementGroup, "");
  });

  it("termination protection: turned on in place, then a replacing change and destroy are refused at preview", async () => {
    const protectedId = await instanceId();
    await stack.setConfig({ [stackKey("terminationProtection")]: { value: "true" } });
    const on = await stack.up();
    assert.deepEqual(opsOfType(on, awsTypes.instance), { "web-instance": ["update"] });
    assert.equal((await attribute("disableApiTermination")).DisableApiTermination?.Value, true);

    // The component sets `protect`: the engine refuses to replace the instance, in preview and in up.
    await stack.setConfig({ [stackKey("bootScript")]: { value: "#!/bin/bash\necho third boot\n" } });
    const refusal = /unable to replace resource "[^"]*web-instance"\s+as it is currently marked for protection/;
    await assert.rejects(stack.preview(), refusal);
    await assert.rejects(stack.up(), refusal);
    assert.equal(await instanceId(), protectedId);
    await stack.setConfig({ [stackKey("bootScript")]: { value: "#!/bin/bash\necho second boot\n" } });
    // `pulumi destroy` shows its preview first: the protected instance cannot be deleted.
    await assert.rejects(
      stack.stack.destroy({ previewOnly: true }),
      /web-instance" cannot be deleted\s+because it is protected/,
    );
    assert.equal((await described()).State?.Name, "running");
  });

  it("destroys everything once termination protection is off", async () => {
    await stack.setConfig({ [stackKey("terminationProtection")]: { value: "false" } });
    const off = await stack.up();
    assert.deepEqual(opsOfType(off, awsTypes.instance), { "web-instance": ["update"] });
    await stack.destroy();
    const instances = (await ec2Api.send(new ec2.DescribeInstancesCommand({}))).Reservations?.flatMap(
      (r) => r.Instances ?? [],
    );
    assert.ok((instances ?? []).every((i) => i.State?.Name === "terminated"));
    assert.deepEqual((await ec2Api.send(new ec2.DescribeNetworkInterfacesCommand({}))).NetworkInterfaces ?? [], []);
    assert.deepEqual((await ec2Api.send(new ec2.DescribeAddressesCommand({}))).Addresses ?? [], []);
    const roles = (await iamApi.send(new iam.ListRolesCommand({}))).Roles ?? [];
    assert.deepEqual(
      roles.map((r) => r.RoleName).filter((name) => name !== "existing"),
      [],
    );
    const profiles = (await iamApi.send(new iam.ListInstanceProfilesCommand({}))).InstanceProfiles ?? [];
    assert.deepEqual(
      profiles.map((p) => p.InstanceProfileName),
      ["existing"],
    );
    const state = (await stack.stack.exportStack()).deployment as { resources?: unknown[] };
    assert.deepEqual(state.resources ?? [], []);
  });
});
