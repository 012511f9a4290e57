// `pulumi up`, update, refresh and destroy of the repository's stack through the real engine,
// against the moto emulator (the stand-in AWS provider, a TEST DOUBLE, where no real one is
// installed): the promises the component makes after the first deployment.
import {
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  DisassociateAddressCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { verifyStackOutputs } from "../support/verifyCommand";
import { engine } from "../../scripts/local/engineHarness";
import {
  devStackConfig,
  LifecycleStack,
  stackKey,
  type RunSummary,
  type StepEvent,
} from "../../scripts/local/lifecycleStack";

interface InterfaceOutput {
  deviceIndex: number;
  networkInterfaceId: string;
  securityGroupId: string;
  privateIps: string[];
  publicIps: string[];
}

/** Where a resource's step started (`pre`) or finished (`done`) in the run's event log. */
function stepAt(run: RunSummary, name: string, op: string, phase: StepEvent["phase"]): number {
  const at = run.steps.findIndex((s) => s.name === name && s.op === op && s.phase === phase);
  assert.ok(at >= 0, `no ${op} ${phase} of ${name} in ${JSON.stringify(run.ops)}`);
  return at;
}

/** Operations of a run on resources of one type, by logical name. */
function opsOfType(run: RunSummary, type: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(run.ops).filter(([name]) => run.types[name] === type));
}

describe(`pulumi up, update, refresh and destroy against moto (${engine.description}, stand-in AWS provider)`, function () {
  this.timeout(600_000);
  // As AWS does, refuse an instance whose key pair does not exist (moto checks it only when asked).
  const suite = motoVpcForSuite({ MOTO_ENABLE_KEYPAIR_VALIDATION: "true" });
  let ec2: EC2Client;
  let stack: LifecycleStack;
  const interfacesOf = async () => (await stack.outputs()).interfaces as InterfaceOutput[];
  const addresses = async () => (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
  const verify = async () => verifyStackOutputs(await stack.outputs(), suite.moto.endpoint);

  before(async () => {
    ec2 = motoEc2Client(suite.moto.endpoint);
    stack = await LifecycleStack.create(
      suite.moto.endpoint,
      `enginetest${process.pid}lifecycle`,
      // t3.large: room for a third interface and for more addresses per interface.
      devStackConfig({ [stackKey("subnetId")]: suite.vpc.subnets.a1, [stackKey("instanceType")]: "t3.large" }),
    );
  });
  after(() => {
    stack?.dispose();
    ec2?.destroy();
  });

  it("creates every resource in moto as declared, and verify passes on the stack's outputs", async () => {
    const run = await stack.up();
    assert.equal(
      Object.values(run.ops)
        .flat()
        .filter((op) => op !== "create").length,
      0,
      JSON.stringify(run.ops),
    );
    const outputs = await stack.outputs();
    const interfaces = outputs.interfaces as InterfaceOutput[];
    assert.equal(interfaces.length, 2);
    const instanceId = outputs.instanceId as string;
    const described = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: interfaces.map((i) => i.networkInterfaceId) }),
    );
    for (const eni of interfaces) {
      const found = described.NetworkInterfaces!.find((n) => n.NetworkInterfaceId === eni.networkInterfaceId)!;
      assert.equal(found.AvailabilityZone, outputs.availabilityZone);
      assert.equal(found.Attachment?.InstanceId, instanceId);
      assert.equal(found.Attachment?.DeviceIndex, eni.deviceIndex);
      // Each group only on its own interface.
      assert.deepEqual(
        found.Groups?.map((g) => g.GroupId),
        [eni.securityGroupId],
      );
      for (const publicIp of eni.publicIps) {
        const address = (await addresses()).find((a) => a.PublicIp === publicIp);
        assert.equal(address?.NetworkInterfaceId, eni.networkInterfaceId, `${publicIp} is not on its interface`);
      }
    }
    // The root volume as declared: encrypted.
    const launched = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const rootVolumeId = launched.Reservations?.[0].Instances?.[0].BlockDeviceMappings?.[0]?.Ebs?.VolumeId;
    const volumes = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [rootVolumeId!] }));
    assert.equal(volumes.Volumes?.[0].Encrypted, true);
    const result = await verify();
    assert.equal(result.code, 0, result.out);
  });

  it("replaces the instance on an AMI change and keeps every interface and Elastic IP", async () => {
    const before = await interfacesOf();
    const eipsBefore = await addresses();
    const instanceBefore = (await stack.outputs()).instanceId;
    const current = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceBefore as string] }));
    const images = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images ?? [];
    const otherAmi = images.find(
      (i) => i.ImageId !== current.Reservations![0].Instances![0].ImageId && i.Architecture === "x86_64",
    )!.ImageId!;
    await stack.setConfig({ [stackKey("ami")]: { value: otherAmi } });
    // moto's images are none of the families the user data supports: this one stands for Amazon Linux 2023.
    await stack.setConfig({ [stackKey("osFamily")]: { value: "amazon-linux-2023" } });

    const run = await stack.up();
    // eth0 is held by one instance at a time: the old instance is deleted, then its replacement created.
    assert.deepEqual(opsOfType(run, awsTypes.instance), {
      "web-instance": ["delete-replaced", "replace", "create-replacement"],
    });
    assert.ok(
      stepAt(run, "web-instance", "delete-replaced", "done") < stepAt(run, "web-instance", "create-replacement", "pre"),
      "the replacement was created before the old instance was gone",
    );
    assert.deepEqual(opsOfType(run, awsTypes.networkInterface), {});
    assert.deepEqual(opsOfType(run, awsTypes.eip), {});
    assert.deepEqual(opsOfType(run, awsTypes.eipAssociation), {});
    const after = await interfacesOf();
    assert.notEqual((await stack.outputs()).instanceId, instanceBefore);
    assert.deepEqual(
      after.map((i) => [i.networkInterfaceId, i.publicIps]),
      before.map((i) => [i.networkInterfaceId, i.publicIps]),
    );
    const eipsAfter = await addresses();
    assert.deepEqual(
      eipsAfter.map((a) => [a.AllocationId, a.PublicIp]).sort(),
      eipsBefore.map((a) => [a.AllocationId, a.PublicIp]).sort(),
    );
    assert.equal((await verify()).code, 0);
  });

  it("restores an Elastic IP disassociated behind Pulumi's back with refresh and up, after verify reports it", async () => {
    const eth0 = (await interfacesOf())[0];
    const address = (await addresses()).find((a) => a.PublicIp === eth0.publicIps[0])!;
    await ec2.send(new DisassociateAddressCommand({ AssociationId: address.AssociationId }));
    const drifted = await verify();
    assert.equal(drifted.code, 1, drifted.out);
    assert.match(drifted.out, new RegExp(eth0.publicIps[0].replace(/\./g, "\\.")));

    await stack.refresh();
    const run = await stack.up();
    assert.deepEqual(Object.keys(opsOfType(run, awsTypes.eipAssociation)), ["web-eth0-ip0-eip-association"]);
    const restored = (await addresses()).find((a) => a.PublicIp === eth0.publicIps[0])!;
    assert.equal(restored.NetworkInterfaceId, eth0.networkInterfaceId);
  });

  it("adds (with an IPv6 address) and removes a secondary interface touching only that interface's own resources", async () => {
    const secondaries = (list: object[]) => ({
      [stackKey("secondaryInterfaces")]: { value: JSON.stringify(list) },
    });
    // The new interface in the subnet with an IPv6 block, with an IPv6 address of its own.
    // eth1 as the dev stack declares it, untouched.
    const eth1 = (JSON.parse(devStackConfig({})[stackKey("secondaryInterfaces")].value) as object[])[0];
    await stack.setConfig(secondaries([eth1, { subnetId: suite.vpc.subnets.a2, ipv6AddressCount: 1 }]));
    const added = await stack.up();
    const addedNames = Object.keys(added.ops).filter((name) => added.types[name] !== "pulumi:pulumi:Stack");
    assert.ok(addedNames.length > 0);
    for (const name of addedNames) {
      assert.match(name, /^web-eth2(-|$)/, `${name}: ${added.ops[name].join(", ")}`);
      assert.deepEqual(added.ops[name], ["create"]);
    }
    const eth2 = (await interfacesOf())[2] as InterfaceOutput & { ipv6Addresses: string[] };
    assert.equal(eth2.ipv6Addresses.length, 1);
    const described = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eth2.networkInterfaceId] }),
    );
    assert.deepEqual(
      described.NetworkInterfaces?.[0].Ipv6Addresses?.map((a) => a.Ipv6Address),
      eth2.ipv6Addresses,
    );

    await stack.setConfig(secondaries([eth1]));
    const removed = await stack.up();
    const removedNames = Object.keys(removed.ops).filter((name) => removed.types[name] !== "pulumi:pulumi:Stack");
    assert.deepEqual(removedNames.sort(), addedNames.sort());
    for (const name of removedNames) assert.deepEqual(removed.ops[name], ["delete"]);
    assert.equal((await interfacesOf()).length, 2);
  });

  it("moves the secondary interfaces to a standby and back with one setting, keeping their Elastic IPs", async () => {
    // The dev stack's own secondary interface (one address each) so verify can check every row.
    await stack.setConfig({
      [stackKey("secondaryInterfaces")]: devStackConfig({})[stackKey("secondaryInterfaces")],
      [stackKey("standby")]: { value: "true" },
    });
    const launched = await stack.up();
    const launchedNames = Object.keys(launched.ops).filter((name) => launched.types[name].startsWith("aws:"));
    assert.ok(launchedNames.some((name) => name === "web-standby-instance"));
    for (const name of launchedNames.filter((n) => launched.ops[n].includes("create"))) {
      assert.match(name, /^web-standby-/);
    }
    assert.equal((await verify()).code, 0);
    const before = await stack.outputs();
    const eipsBefore = await addresses();

    await stack.setConfig({ [stackKey("standbyHoldsInterfaces")]: { value: "true" } });
    const takeover = await stack.up();
    const touched = Object.keys(takeover.ops).filter((name) => takeover.types[name].startsWith("aws:"));
    assert.deepEqual(touched, ["web-eth1-attachment"], JSON.stringify(takeover.ops));
    const after = await stack.outputs();
    assert.equal(after.secondaryInterfacesInstanceId, before.standbyInstanceId);
    const eth1 = (after.interfaces as InterfaceOutput[])[1];
    const held = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eth1.networkInterfaceId] }),
    );
    assert.equal(held.NetworkInterfaces?.[0].Attachment?.InstanceId, before.standbyInstanceId);
    assert.equal(held.NetworkInterfaces?.[0].Attachment?.DeviceIndex, 1);
    assert.deepEqual(
      (await addresses()).map((a) => [a.AllocationId, a.PublicIp, a.NetworkInterfaceId]).sort(),
      eipsBefore.map((a) => [a.AllocationId, a.PublicIp, a.NetworkInterfaceId]).sort(),
    );
    const result = await verify();
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, new RegExp(`${String(before.standbyInstanceId)}\\s+1\\s+${eth1.networkInterfaceId}`));

    await stack.setConfig({ [stackKey("standbyHoldsInterfaces")]: { value: "false" } });
    const back = await stack.up();
    assert.deepEqual(
      Object.keys(back.ops).filter((name) => back.types[name].startsWith("aws:")),
      ["web-eth1-attachment"],
    );
    await stack.removeConfig([stackKey("standby"), stackKey("standbyHoldsInterfaces")]);
    await stack.up();
    assert.equal((await stack.outputs()).standbyInstanceId, "");
  });

  it("completes with a second up after an up that EC2 refused halfway", async () => {
    const interfacesBefore = await interfacesOf();
    // A key pair EC2 does not have: the instance is replaced (keyName forces it), the old one is
    // terminated first, and RunInstances is refused.
    await stack.setConfig({ [stackKey("keyName")]: { value: "no-such-key" } });
    // EC2's refusal as the AWS provider reports it: the action, then the SDK's operation error.
    await assert.rejects(
      stack.up(),
      /creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 400, RequestID: [^,]+, api error InvalidKeyPair\.NotFound: /,
    );
    const running = (await ec2.send(new DescribeInstancesCommand({}))).Reservations?.flatMap((r) => r.Instances ?? []);
    assert.ok(
      (running ?? []).every((i) => i.State?.Name === "terminated"),
      "an instance is still running",
    );

    await stack.removeConfig([stackKey("keyName")]);
    const run = await stack.up();
    // The engine finishes the replacement it had started: the old instance is already gone.
    assert.deepEqual(opsOfType(run, awsTypes.instance), { "web-instance": ["replace", "create-replacement"] });
    assert.deepEqual(opsOfType(run, awsTypes.eip), {});
    assert.deepEqual(
      (await interfacesOf()).map((i) => [i.networkInterfaceId, i.publicIps]),
      interfacesBefore.map((i) => [i.networkInterfaceId, i.publicIps]),
    );
    const instanceId = (await stack.outputs()).instanceId as string;
    const attached = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "attachment.instance-id", Values: [instanceId] }] }),
    );
    assert.deepEqual(
      (attached.NetworkInterfaces ?? []).map((n) => [n.NetworkInterfaceId, n.Attachment?.DeviceIndex]).sort(),
      interfacesBefore.map((i) => [i.networkInterfaceId, i.deviceIndex]).sort(),
    );
  });

  it("raises an address count with additions only, refuses to lower it, and drops a written-out address alone", async () => {
    const secondary = (eth1: Record<string, unknown>) => ({
      [stackKey("secondaryInterfaces")]: { value: JSON.stringify([eth1]) },
    });
    await stack.setConfig(secondary({ secondaryPrivateIpCount: 1 }));
    await stack.up();
    const associationIds = async () =>
      Object.fromEntries((await addresses()).map((a) => [a.PublicIp!, a.AssociationId!]));
    const allocationIds = async () =>
      Object.fromEntries((await addresses()).map((a) => [a.PublicIp!, a.AllocationId!]));
    const idsBefore = await associationIds();

    // Raising: the plan is additions only (plus the interface's own update); no association moves.
    await stack.setConfig(secondary({ secondaryPrivateIpCount: 3 }));
    const preview = await stack.preview();
    assert.deepEqual(opsOfType(preview, awsTypes.eip), {
      "web-eth1-ip2-eip": ["create"],
      "web-eth1-ip3-eip": ["create"],
    });
    assert.deepEqual(opsOfType(preview, awsTypes.eipAssociation), {
      "web-eth1-ip2-eip-association": ["create"],
      "web-eth1-ip3-eip-association": ["create"],
    });
    assert.deepEqual(opsOfType(preview, awsTypes.networkInterface), { "web-eth1": ["update"] });
    const raised = await stack.up();
    assert.deepEqual(opsOfType(raised, awsTypes.eipAssociation), opsOfType(preview, awsTypes.eipAssociation));
    const idsAfter = await associationIds();
    for (const [publicIp, id] of Object.entries(idsBefore)) assert.equal(idsAfter[publicIp], id, `${publicIp} moved`);
    const held = (await interfacesOf())[1];
    assert.equal(held.privateIps.length, 4);

    // Lowering the count: refused by the preview and by an up that skips it (the Automation API's
    // up does), before the interface changes.
    await stack.setConfig(secondary({ secondaryPrivateIpCount: 1 }));
    const refusal =
      /eip-stays-on-its-address: secondaryInterfaces\[0\]\.secondaryPrivateIpCount would go from 3 to 1 on eth1/;
    await assert.rejects(stack.preview(), refusal);
    const allocationsBefore = await allocationIds();
    await assert.rejects(stack.up(), refusal);
    const eni = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [held.networkInterfaceId] }),
    );
    assert.equal(eni.NetworkInterfaces?.[0].PrivateIpAddresses?.length, 4);
    assert.deepEqual(await allocationIds(), allocationsBefore);

    // Switching to written-out addresses changes nothing when they are the addresses held, in EC2's
    // order (the stack's privateIps output); any other list in that same update is refused.
    const [p, a1, a2, a3] = held.privateIps;
    const switchRefused = /eip-stays-on-its-address: .* in the update that replaces secondaryPrivateIpCount/;
    await stack.setConfig(secondary({ privateIpAddresses: [p, a1, a3] }));
    await assert.rejects(stack.preview(), switchRefused);
    await stack.setConfig(secondary({ privateIpAddresses: [a3, p, a2, a1] }));
    await assert.rejects(stack.preview(), switchRefused);
    await stack.setConfig(secondary({ privateIpAddresses: held.privateIps }));
    const switchPreview = await stack.preview();
    // Renamed after their addresses (aliases), so the Elastic IPs only get their new Name tags, and
    // the interface its tag for written-out addresses.
    for (const ops of Object.values(opsOfType(switchPreview, awsTypes.eip))) assert.deepEqual(ops, ["update"]);
    assert.deepEqual(opsOfType(switchPreview, awsTypes.eipAssociation), {});
    assert.deepEqual(opsOfType(switchPreview, awsTypes.networkInterface), { "web-eth1": ["update"] });
    await stack.up();
    assert.deepEqual(await associationIds(), idsAfter);
    assert.deepEqual(await allocationIds(), allocationsBefore);

    // Then a written-out address goes alone: its Elastic IP is released, no other moves.
    await stack.setConfig(secondary({ privateIpAddresses: [a3, p, a1] }));
    const dropPreview = await stack.preview();
    const a2Key = `web-eth1-ip-${a2.replace(/\./g, "-")}`;
    assert.deepEqual(opsOfType(dropPreview, awsTypes.eip), { [`${a2Key}-eip`]: ["delete"] });
    assert.deepEqual(opsOfType(dropPreview, awsTypes.eipAssociation), { [`${a2Key}-eip-association`]: ["delete"] });
    assert.deepEqual(opsOfType(dropPreview, awsTypes.networkInterface), { "web-eth1": ["update"] });
    const dropped = await stack.up();
    assert.deepEqual(opsOfType(dropped, awsTypes.eip), opsOfType(dropPreview, awsTypes.eip));
    const eth1 = (await interfacesOf())[1];
    assert.deepEqual(eth1.privateIps, [p, a1, a3]);
    const releasedPublicIp = held.publicIps[2];
    const idsDropped = await associationIds();
    for (const [publicIp, id] of Object.entries(idsAfter)) {
      if (publicIp === releasedPublicIp) assert.equal(idsDropped[publicIp], undefined, `${publicIp} not released`);
      else assert.equal(idsDropped[publicIp], id, `${publicIp} moved`);
    }
    assert.deepEqual(eth1.publicIps, [held.publicIps[0], held.publicIps[1], held.publicIps[3]]);
    const remaining = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [held.networkInterfaceId] }),
    );
    assert.deepEqual(
      remaining.NetworkInterfaces?.[0].PrivateIpAddresses?.map((a) => a.PrivateIpAddress),
      [p, a1, a3],
    );
  });

  it("destroys everything of the stack, interfaces before their groups", async () => {
    const run = await stack.destroy();
    assert.ok(Object.keys(run.ops).length > 0);
    // The engine's log: each interface's deletion finished before any of its groups' deletions started.
    const deletionsOf = (type: string) =>
      run.steps.filter((s) => s.type === type && s.op === "delete" && s.phase === "pre");
    const interfaceDeletions = deletionsOf(awsTypes.networkInterface);
    assert.ok(interfaceDeletions.length >= 2, JSON.stringify(run.ops));
    for (const eni of interfaceDeletions) {
      const groupIds = (eni.old?.outputs.securityGroups ?? []) as string[];
      assert.ok(groupIds.length > 0, `${eni.name} names no security group`);
      for (const groupId of groupIds) {
        const group = deletionsOf(awsTypes.securityGroup).find((g) => g.old?.id === groupId);
        assert.ok(group, `${eni.name}'s group ${groupId} was not deleted`);
        assert.ok(
          stepAt(run, eni.name, "delete", "done") < stepAt(run, group.name, "delete", "pre"),
          `${group.name} was deleted while ${eni.name} still used it`,
        );
      }
    }
    const left = await ec2.send(new DescribeNetworkInterfacesCommand({}));
    assert.deepEqual(left.NetworkInterfaces ?? [], []);
    assert.deepEqual(await addresses(), []);
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
    assert.deepEqual(
      groups.filter((g) => g.GroupName !== "default").map((g) => g.GroupName),
      [],
    );
    const instances = (await ec2.send(new DescribeInstancesCommand({}))).Reservations?.flatMap(
      (r) => r.Instances ?? [],
    );
    assert.ok((instances ?? []).every((i) => i.State?.Name === "terminated"));
  });
});
