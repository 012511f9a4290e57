// The stand-in AWS provider's instance, IAM and placement group handlers and its lookups against
// moto (TEST DOUBLE logic), without the engine: what the instance reads back, an update in place
// step by step as the provider makes it, and the instance options' resources.
import * as ec2 from "@aws-sdk/client-ec2";
import { awsFunctions, awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { ec2Client } from "./standInAws/awsClients";
import { dataSources, invokeDataSource } from "./standInAws/invokes";
import { ec2Resources } from "./standInAws/resources";

const handler = (type: string) => ec2Resources[type];
const trustPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

describe("the stand-in AWS provider's instance, IAM and placement handlers against moto", function () {
  this.timeout(60_000);
  // moto knows AWS's managed policies (AmazonSSMManagedInstanceCore) only when told to load them.
  const suite = motoVpcForSuite({ MOTO_IAM_LOAD_MANAGED_POLICIES: "true" });
  let tests: ec2.EC2Client;
  let image: string;
  const calls: string[] = [];
  const saved = process.env.STAND_IN_AWS_ENDPOINT;
  before(async () => {
    process.env.STAND_IN_AWS_ENDPOINT = suite.moto.endpoint;
    tests = motoEc2Client(suite.moto.endpoint);
    ec2Client().middlewareStack.add(
      (next, context) => (args) => {
        calls.push(String(context.commandName).replace(/Command$/, ""));
        return next(args);
      },
      { step: "initialize", name: "recordInstanceCalls" },
    );
    const images = (await tests.send(new ec2.DescribeImagesCommand({ Owners: ["amazon"] }))).Images ?? [];
    image = images.find((i) => i.Architecture === "x86_64" && i.RootDeviceName)!.ImageId!;
  });
  after(() => {
    if (saved === undefined) delete process.env.STAND_IN_AWS_ENDPOINT;
    else process.env.STAND_IN_AWS_ENDPOINT = saved;
    tests?.destroy();
  });

  async function eth0(): Promise<string> {
    const out = await tests.send(new ec2.CreateNetworkInterfaceCommand({ SubnetId: suite.vpc.subnets.a1 }));
    return out.NetworkInterface!.NetworkInterfaceId!;
  }

  async function profile(name: string): Promise<void> {
    await handler(awsTypes.iamRole).create({ name, assumeRolePolicy: trustPolicy, path: "/" }, name);
    await handler(awsTypes.instanceProfile).create({ name, role: name, path: "/" }, name);
  }

  it("reads back what the component reads: source/dest check, user data in clear text, eth0, metadata and root volume", async () => {
    const inputs = {
      ami: image,
      instanceType: "t3.micro",
      primaryNetworkInterface: { networkInterfaceId: await eth0() },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 10, iops: 3000, throughput: 125 },
      userData: "#!/bin/bash\necho hello\n",
      tags: { Name: "web-instance" },
    };
    const { outs } = await handler(awsTypes.instance).create(inputs, "web-instance");
    assert.equal(outs.sourceDestCheck, true);
    assert.equal(outs.userData, inputs.userData);
    assert.deepEqual(outs.primaryNetworkInterface, {
      networkInterfaceId: inputs.primaryNetworkInterface.networkInterfaceId,
      deleteOnTermination: false,
    });
    assert.equal((outs.metadataOptions as Record<string, unknown>).httpTokens, "required");
    const root = outs.rootBlockDevice as Record<string, unknown>;
    assert.deepEqual(
      [root.encrypted, root.volumeType, root.volumeSize, root.iops, root.throughput],
      [true, "gp3", 10, 3000, 125],
    );
    assert.match(String(root.volumeId), /^vol-/);
    assert.equal(outs.monitoring, false);
    assert.equal(outs.disableApiTermination, false);
  });

  it("updates several attributes with a stop and start for each that needs one, and the root volume in place", async () => {
    const instance = handler(awsTypes.instance);
    const inputs = {
      ami: image,
      instanceType: "t3.micro",
      primaryNetworkInterface: { networkInterfaceId: await eth0() },
      rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 8 },
      userData: "#!/bin/bash\necho one\n",
    };
    const { id, outs } = await instance.create(inputs, "updated");
    const volumeId = (outs.rootBlockDevice as Record<string, unknown>).volumeId;
    calls.length = 0;
    const news = {
      ...inputs,
      instanceType: "t3.small",
      userData: "#!/bin/bash\necho two\n",
      monitoring: true,
      disableApiTermination: true,
      disableApiStop: true,
      rootBlockDevice: { encrypted: true, volumeType: "io2", volumeSize: 20, iops: 4000 },
    };
    const updated = await instance.update(id, outs, news);
    const steps = calls.filter((c) =>
      /^(Stop|Start)Instances$|^Modify(InstanceAttribute|Volume)$|^MonitorInstances$/.test(c),
    );
    assert.deepEqual(steps, [
      ...["StopInstances", "ModifyInstanceAttribute", "StartInstances"],
      ...["StopInstances", "ModifyInstanceAttribute", "StartInstances"],
      ...["ModifyInstanceAttribute", "ModifyInstanceAttribute", "ModifyVolume"],
    ]);
    const root = updated.rootBlockDevice as Record<string, unknown>;
    assert.deepEqual([root.volumeId, root.volumeType, root.volumeSize, root.iops], [volumeId, "io2", 20, 4000]);
    assert.deepEqual(
      [
        updated.instanceType,
        updated.userData,
        updated.monitoring,
        updated.disableApiTermination,
        updated.disableApiStop,
      ],
      ["t3.small", news.userData, true, true, true],
    );
    // The provider's delete turns termination protection off first: the instance goes.
    await instance.delete(id, updated);
    assert.equal(await instance.read(id, updated), undefined);
  });

  it("launches with an instance profile and changes it in place; roles, profiles, policy attachments and inline policies round-trip", async () => {
    await profile("first");
    await profile("second");
    const policyArn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    const attachment = handler(awsTypes.rolePolicyAttachment);
    const attached = await attachment.create({ role: "first", policyArn }, "ssm");
    assert.equal(attached.outs.policyArn, policyArn);
    const instance = handler(awsTypes.instance);
    const inputs = {
      ami: image,
      instanceType: "t3.micro",
      subnetId: suite.vpc.subnets.a1,
      iamInstanceProfile: "first",
    };
    const { id, outs } = await instance.create(inputs, "with-profile");
    assert.equal(outs.iamInstanceProfile, "first");
    const changed = await instance.update(id, outs, { ...inputs, iamInstanceProfile: "second" });
    assert.equal(changed.iamInstanceProfile, "second");
    await instance.delete(id, changed);
    const inline = handler(awsTypes.rolePolicy);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ec2:Describe*", Resource: "*" }],
    });
    const written = await inline.create({ role: "second", name: "describe", policy }, "describe");
    assert.deepEqual(JSON.parse(String(written.outs.policy)), JSON.parse(policy));
    await inline.delete(written.id, written.outs);
    assert.equal(await inline.read(written.id, written.outs), undefined);
    await attachment.delete(attached.id, attached.outs);
    assert.equal(await attachment.read(attached.id, attached.outs), undefined);
    // A role still in a profile is taken out of it first, as the provider's delete does.
    await handler(awsTypes.iamRole).delete("first", {});
    assert.equal(await handler(awsTypes.iamRole).read("first", {}), undefined);
    await handler(awsTypes.instanceProfile).delete("first", {});
    await handler(awsTypes.instanceProfile).delete("first", {});
  });

  it("keeps placement groups moto lacks: an instance launches in one, a group in use or unknown is refused as EC2 does", async () => {
    const group = handler(awsTypes.placementGroup);
    const { outs } = await group.create({ name: "spread", strategy: "spread", spreadLevel: "rack" }, "spread");
    assert.deepEqual([outs.strategy, outs.spreadLevel], ["spread", "rack"]);
    const instance = handler(awsTypes.instance);
    const inputs = { ami: image, instanceType: "t3.micro", subnetId: suite.vpc.subnets.a1 };
    await assert.rejects(instance.create({ ...inputs, placementGroup: "nope" }, "x"), /InvalidPlacementGroup\.Unknown/);
    const placed = await instance.create({ ...inputs, placementGroup: "spread" }, "placed");
    assert.equal(placed.outs.placementGroup, "spread");
    await assert.rejects(group.delete("spread", outs), /api error InvalidPlacementGroup\.InUse: /);
    await instance.delete(placed.id, placed.outs);
    await group.delete("spread", outs);
    assert.equal(await group.read("spread", outs), undefined);
    await group.delete("spread", outs);
  });

  it("answers getAmi, getPartition and getNetworkInterface by filters as the provider's data sources", async () => {
    const ami = await dataSources[awsFunctions.getAmi].answer({ filters: [{ name: "image-id", values: [image] }] });
    assert.equal(ami.imageId, image);
    const mappings = ami.blockDeviceMappings as { deviceName: string; ebs: Record<string, string> }[];
    assert.ok(mappings.some((m) => m.deviceName === ami.rootDeviceName && Number(m.ebs.volume_size) > 0));
    assert.equal((await dataSources[awsFunctions.getPartition].answer({})).partition, "aws");
    const eni = await tests.send(
      new ec2.CreateNetworkInterfaceCommand({
        SubnetId: suite.vpc.subnets.a2,
        TagSpecifications: [{ ResourceType: "network-interface", Tags: [{ Key: "Name", Value: "found-by-tag" }] }],
      }),
    );
    const byTag = [
      { name: "subnet-id", values: [suite.vpc.subnets.a2] },
      { name: "tag:Name", values: ["found-by-tag"] },
    ];
    const found = await dataSources[awsFunctions.getNetworkInterface].answer({ filters: byTag });
    assert.equal(found.id, eni.NetworkInterface!.NetworkInterfaceId);
    await assert.rejects(
      dataSources[awsFunctions.getNetworkInterface].answer({ filters: [{ name: "tag:Name", values: ["none"] }] }),
      /no matching EC2 Network Interface found/,
    );
  });

  it("fails a lookup of what does not exist as the bridged provider does", async () => {
    const failure = (token: string, inputs: Record<string, unknown>) =>
      invokeDataSource(token, inputs).then(
        () => assert.fail(`${token} answered`),
        (err: Error) => err.message,
      );
    // findSubnets takes InvalidSubnetID.NotFound for no subnet: the same words as a filter matching none.
    assert.equal(
      await failure(awsFunctions.getSubnet, { id: "subnet-nope" }),
      `invoking ${awsFunctions.getSubnet}: 1 error occurred:\n\t* no matching EC2 Subnet found\n\n`,
    );
    assert.equal(
      await failure(awsFunctions.getSubnet, { filters: [{ name: "vpc-id", values: [suite.vpc.vpcId] }] }),
      `invoking ${awsFunctions.getSubnet}: 1 error occurred:\n\t* multiple EC2 Subnets matched; use additional constraints to reduce matches to a single EC2 Subnet\n\n`,
    );
    assert.equal(
      (
        await invokeDataSource(awsFunctions.getSubnet, {
          filters: [{ name: "subnet-id", values: [suite.vpc.subnets.b1] }],
        })
      ).availabilityZone,
      "us-east-1b",
    );
    // findInstanceTypes passes EC2's InvalidInstanceType on, after what the provider was doing.
    assert.match(
      await failure(awsFunctions.getInstanceType, { instanceType: "t3.nope" }),
      /^invoking aws:ec2\/getInstanceType:getInstanceType: 1 error occurred:\n\t\* reading EC2 Instance Type: operation error EC2: DescribeInstanceTypes, https response error StatusCode: 400, RequestID: [\w-]+, api error InvalidInstanceType: The following supplied instance types do not exist: \[t3\.nope\]\n\n$/,
    );
  });
});
