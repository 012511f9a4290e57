import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, valueOf, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

/** Builds a server under the mocked engine and waits until every child is registered. */
async function build(engine: MockedAwsEngine, args: Partial<DualHomedServerArgs>) {
  const server = new DualHomedServer("web", { subnetId: "subnet-a1", ...args });
  await valueOf(server.urls);
  await engine.settle();
  return server;
}

/** The construction error for `args`, or a failed assertion if construction succeeds. */
function constructionError(args: Partial<DualHomedServerArgs>): string {
  try {
    new DualHomedServer("web", { subnetId: "subnet-a1", ...args });
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("expected construction to fail");
}

describe("DualHomedServer instance options", () => {
  let engine: MockedAwsEngine;
  beforeEach(async () => {
    engine = await useMockedAwsEngine(subnets);
  });

  describe("an instance role", () => {
    it("creates a role EC2 may assume, its instance profile and the Session Manager policy, for both instances", async () => {
      const server = await build(engine, { standby: true, instanceRole: { sessionManager: true } });
      const role = engine.byName("web-role");
      assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, {
        Service: "ec2.amazonaws.com",
      });
      const attachment = engine.byName("web-role-AmazonSSMManagedInstanceCore");
      assert.equal(attachment.inputs.policyArn, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
      assert.equal(attachment.inputs.role, "web-role-1a2b3c");
      assert.equal(engine.byName("web-instance-profile").inputs.role, "web-role-1a2b3c");
      assert.equal(engine.byName("web-instance").inputs.iamInstanceProfile, "web-instance-profile-1a2b3c");
      assert.equal(engine.byName("web-standby-instance").inputs.iamInstanceProfile, "web-instance-profile-1a2b3c");
      assert.equal(server.rolePolicyAttachments.length, 1);
      assert.ok(server.instanceRole && server.instanceProfile);
    });

    it("attaches further managed policies, each named after the policy", async () => {
      await build(engine, {
        instanceRole: { managedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] },
      });
      assert.deepEqual(
        engine.byType(types.rolePolicyAttachment).map((r) => [r.name, r.inputs.policyArn]),
        [["web-role-ViewOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]],
      );
    });

    it("launches with an existing instance profile, creating no IAM resource", async () => {
      await build(engine, { instanceProfileName: "ops-profile" });
      assert.equal(engine.byName("web-instance").inputs.iamInstanceProfile, "ops-profile");
      assert.deepEqual(engine.byType(types.iamRole), []);
    });

    it("refuses a profile and a role at once, and a policy that is not an ARN", () => {
      assert.match(
        constructionError({ instanceProfileName: "ops", instanceRole: { sessionManager: true } }),
        /instance-role-or-profile: instanceProfileName and instanceRole are both set/,
      );
      assert.match(
        constructionError({ instanceRole: { managedPolicyArns: ["ReadOnlyAccess"] } }),
        /valid-policy-arn: instanceRole\.managedPolicyArns\[0\] is "ReadOnlyAccess", not a managed policy ARN/,
      );
    });
  });

  describe("security groups of your own", () => {
    it("go on eth0, the standby's eth0 and a secondary interface after each interface's own group", async () => {
      const server = await build(engine, {
        standby: true,
        securityGroupIds: ["sg-0a"],
        secondaryInterfaces: [{ securityGroupIds: ["sg-1a", "sg-1b"] }],
      });
      assert.deepEqual(engine.byName("web-eth0").inputs.securityGroups, ["web-eth0-sg-id", "sg-0a"]);
      assert.deepEqual(engine.byName("web-standby-eth0").inputs.securityGroups, ["web-standby-eth0-sg-id", "sg-0a"]);
      assert.deepEqual(engine.byName("web-eth1").inputs.securityGroups, ["web-eth1-sg-id", "sg-1a", "sg-1b"]);
      const interfaces = await valueOf(server.interfaces);
      assert.deepEqual(interfaces[1].securityGroupIds, ["web-eth1-sg-id", "sg-1a", "sg-1b"]);
    });

    it("fit the quota with the interface's own group: 5 by default, as raised up to 16", async () => {
      const four = ["sg-1", "sg-2", "sg-3", "sg-4"];
      await build(engine, { securityGroupIds: four });
      assert.match(
        constructionError({ securityGroupIds: [...four, "sg-5"] }),
        /eni-security-group-count: network interface eth0 \(its own group and securityGroupIds\) has 6 security groups but the quota is 5 per interface/,
      );
      assert.doesNotThrow(
        () =>
          new DualHomedServer("raised", {
            subnetId: "subnet-a1",
            securityGroupIds: [...four, "sg-5"],
            maxSecurityGroupsPerInterface: 16,
          }),
      );
      assert.match(
        constructionError({ maxSecurityGroupsPerInterface: 17 }),
        /eni-security-group-count: maxSecurityGroupsPerInterface is 17; the quota is a whole number from 1 to 16/,
      );
    });

    it("refuses an id that is not a group's and a group listed twice", () => {
      const message = constructionError({ secondaryInterfaces: [{ securityGroupIds: ["web", "sg-1", "sg-1"] }] });
      assert.match(message, /valid-security-group-id: secondaryInterfaces\[0\]\.securityGroupIds\[0\] is "web"/);
      assert.match(message, /no-duplicate-entries: secondaryInterfaces\[0\]\.securityGroupIds\[2\] repeats "sg-1"/);
    });
  });

  describe("the root volume", () => {
    it("stays the image's own, encrypted, when not given", async () => {
      await build(engine, {});
      assert.deepEqual(engine.byName("web-instance").inputs.rootBlockDevice, { encrypted: true });
    });

    it("takes size, type (gp3 by default), IOPS, throughput and a KMS key, always encrypted", async () => {
      await build(engine, { rootVolume: { sizeGiB: 20, iops: 4000, throughputMiBps: 250, kmsKeyId: "alias/ebs" } });
      assert.deepEqual(engine.byName("web-instance").inputs.rootBlockDevice, {
        encrypted: true,
        volumeType: "gp3",
        volumeSize: 20,
        iops: 4000,
        throughput: 250,
        kmsKeyId: "alias/ebs",
      });
    });

    const refused: [string, DualHomedServerArgs["rootVolume"], RegExp][] = [
      ["a size above gp3's", { sizeGiB: 70000 }, /rootVolume\.sizeGiB is 70000; a gp3 volume takes 1 to 65536 GiB/],
      ["io1 without IOPS", { type: "io1", sizeGiB: 20 }, /rootVolume\.iops is required for io1 volumes/],
      [
        "io1 above 50 IOPS per GiB",
        { type: "io1", sizeGiB: 10, iops: 1000 },
        /at most 50 IOPS per GiB; lower iops or give sizeGiB 20 or more/,
      ],
      ["IOPS on gp2", { type: "gp2", iops: 3000 }, /rootVolume\.iops is set, but gp2 volumes take no provisioned IOPS/],
      ["throughput on io2", { type: "io2", sizeGiB: 10, iops: 1000, throughputMiBps: 200 }, /only gp3 volumes take it/],
      [
        "gp3 throughput above 0.25 MiB/s per IOPS",
        { throughputMiBps: 1000 },
        /throughputMiBps is 1000 with 3000 IOPS, .* raise iops to 4000/,
      ],
      [
        "a volume type that cannot boot",
        { type: "st1" },
        /rootVolume\.type is "st1"; an instance boots from gp3, gp2, io1, io2, standard/,
      ],
    ];
    for (const [what, rootVolume, expected] of refused) {
      it(`refuses ${what} at construction, naming the EBS limit`, () => {
        assert.match(
          constructionError({ rootVolume }),
          new RegExp(`root-volume-within-ebs-limits: .*${expected.source}`),
        );
      });
    }

    it("refuses at preview a size below the image's root snapshot, creating nothing", async () => {
      const server = new DualHomedServer("web", { subnetId: "subnet-a1", ami: "ami-0abc", rootVolume: { sizeGiB: 4 } });
      const failure = await failureOf(server.availabilityZone);
      await engine.settle();
      assert.match(
        failure.message,
        /root-volume-within-ebs-limits: rootVolume\.sizeGiB is 4, below the 8 GiB root snapshot of image ami-0abc/,
      );
      assert.deepEqual(
        engine.resources.filter((r) => r.custom),
        [],
      );
    });
  });

  describe("monitoring and protection", () => {
    it("are off by default, and the instance is not protected in the stack", async () => {
      await build(engine, {});
      const instance = engine.byName("web-instance");
      assert.equal(instance.inputs.monitoring, false);
      assert.equal(instance.inputs.disableApiTermination, false);
      assert.equal(instance.inputs.disableApiStop, false);
      assert.equal(instance.protect, false);
    });

    it("turn on detailed monitoring, termination and stop protection, for the standby too", async () => {
      await build(engine, { standby: true, monitoring: true, terminationProtection: true, stopProtection: true });
      for (const name of ["web-instance", "web-standby-instance"]) {
        const instance = engine.byName(name);
        assert.equal(instance.inputs.monitoring, true);
        assert.equal(instance.inputs.disableApiTermination, true);
        assert.equal(instance.inputs.disableApiStop, true);
        // The engine refuses a replacement or destroy of a protected resource at preview.
        assert.equal(instance.protect, true);
      }
    });
  });

  describe("a boot script of your own", () => {
    it("runs after the Apache setup, as the second part of a multi-part user data", async () => {
      await build(engine, { bootScript: "#!/bin/bash\necho ready > /tmp/ready\n" });
      const userData: string = engine.byName("web-instance").inputs.userData;
      const boundary = /boundary="([^"]+)"/.exec(userData)![1];
      const parts = userData.split(`--${boundary}`).slice(1, -1);
      assert.equal(parts.length, 2);
      assert.match(parts[0], /filename="01-dual-homed-server-apache\.sh"[\s\S]*dnf install -y httpd/);
      assert.match(parts[1], /filename="02-boot-script\.sh"\n\n#!\/bin\/bash\necho ready > \/tmp\/ready\n/);
      assert.equal(engine.byName("web-instance").inputs.userDataReplaceOnChange, true);
    });

    it("leaves the user data a plain script without one, so existing servers are not replaced", async () => {
      await build(engine, {});
      assert.match(engine.byName("web-instance").inputs.userData, /^#!\/bin\/bash\n/);
    });

    it("refuses a script without #! and a user data above 16 KB, naming each part's size", () => {
      assert.match(constructionError({ bootScript: "echo hi" }), /valid-boot-script: bootScript starts with "echo hi"/);
      assert.match(
        constructionError({ bootScript: `#!/bin/bash\n${"# padding\n".repeat(1700)}` }),
        /user-data-within-limit: the user data is \d+ bytes \(the Apache setup with indexHtml \d+, bootScript 17012, the multi-part framing \d+\) but EC2 accepts at most 16384/,
      );
    });
  });

  describe("placement", () => {
    it("uses an existing placement group by name", async () => {
      await build(engine, { placementGroupName: "racks" });
      assert.equal(engine.byName("web-instance").inputs.placementGroup, "racks");
    });

    it("creates a rack-level spread group for the instance and its standby", async () => {
      await build(engine, { standby: true, spreadPlacement: true });
      const group = engine.byName("web-placement");
      assert.equal(group.inputs.strategy, "spread");
      assert.equal(group.inputs.spreadLevel, "rack");
      assert.equal(engine.byName("web-instance").inputs.placementGroup, "web-placement-1a2b3c");
      assert.equal(engine.byName("web-standby-instance").inputs.placementGroup, "web-placement-1a2b3c");
    });

    it("refuses both at once", () => {
      assert.match(
        constructionError({ placementGroupName: "racks", spreadPlacement: true }),
        /placement-group-or-spread: placementGroupName and spreadPlacement are both set/,
      );
    });
  });
});
