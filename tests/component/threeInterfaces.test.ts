import * as assert from "node:assert/strict";
import { DualHomedServer } from "dual-homed-server";
import { useMockedAwsEngine, valueOf, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

describe("DualHomedServer with three interfaces on a t3.large", () => {
  let engine: MockedAwsEngine;
  let server: DualHomedServer;

  before(async () => {
    engine = await useMockedAwsEngine(subnets);
    server = new DualHomedServer("app", {
      subnetId: "subnet-a1",
      instanceType: "t3.large",
      httpIngressCidrs: ["203.0.113.0/24"],
      sshIngressCidrs: ["192.0.2.10/32"],
      keyName: "ops",
      indexHtml: "<h1>app</h1>",
      tags: { team: "net" },
      secondaryInterfaces: [
        {
          subnetId: "subnet-a2",
          secondaryPrivateIpCount: 2,
          ingress: [{ fromPort: 443, cidrBlocks: ["10.0.0.0/8"], description: "HTTPS inside" }],
        },
        {
          ingress: [
            { protocol: "tcp", fromPort: 8000, toPort: 8100, cidrBlocks: ["198.51.100.0/24", "2001:db8::/32"] },
            { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["10.0.0.0/8"] },
          ],
          sourceDestCheck: false,
          elasticIps: false,
          description: "routing leg",
        },
      ],
    });
    await valueOf(server.urls);
    await engine.settle();
  });

  it("attaches eth1 and eth2 at device indexes 1 and 2", () => {
    const attachments = engine
      .byType(types.attachment)
      .map((a) => [a.name, a.inputs.deviceIndex, a.inputs.networkInterfaceId]);
    assert.deepEqual(attachments.sort(), [
      ["app-eth1-attachment", 1, "app-eth1-id"],
      ["app-eth2-attachment", 2, "app-eth2-id"],
    ]);
  });

  it("places each interface in its subnet, with its private address count and source/dest check", () => {
    const eth1 = engine.byName("app-eth1");
    const eth2 = engine.byName("app-eth2");
    assert.equal(eth1.inputs.subnetId, "subnet-a2");
    assert.equal(eth1.inputs.privateIpsCount, 2);
    assert.equal(eth2.inputs.subnetId, "subnet-a1");
    assert.equal(eth2.inputs.sourceDestCheck, false);
    assert.equal(eth2.inputs.description, "routing leg");
  });

  it("writes each interface's rules into its own security group, one rule per source", () => {
    const rules = engine
      .byType(types.ingressRule)
      .map((r) => [
        r.inputs.securityGroupId,
        r.inputs.ipProtocol,
        r.inputs.fromPort,
        r.inputs.toPort,
        r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6,
      ])
      .sort();
    assert.deepEqual(rules, [
      ["app-eth0-sg-id", "tcp", 22, 22, "192.0.2.10/32"],
      ["app-eth0-sg-id", "tcp", 80, 80, "203.0.113.0/24"],
      ["app-eth1-sg-id", "tcp", 443, 443, "10.0.0.0/8"],
      ["app-eth2-sg-id", "icmp", -1, -1, "10.0.0.0/8"],
      ["app-eth2-sg-id", "tcp", 8000, 8100, "198.51.100.0/24"],
      ["app-eth2-sg-id", "tcp", 8000, 8100, "2001:db8::/32"],
    ]);
  });

  it("binds one Elastic IP to every private address of eth0 and eth1, in address order, and none to eth2", () => {
    const associations = engine
      .byType(types.eipAssociation)
      .map((a) => [a.name, a.inputs.networkInterfaceId, a.inputs.privateIpAddress])
      .sort();
    assert.deepEqual(associations, [
      ["app-eth0-ip0-eip-association", "app-eth0-id", "10.0.1.10"],
      ["app-eth1-ip0-eip-association", "app-eth1-id", "10.0.2.10"],
      ["app-eth1-ip1-eip-association", "app-eth1-id", "10.0.2.11"],
      ["app-eth1-ip2-eip-association", "app-eth1-id", "10.0.2.12"],
    ]);
    assert.equal(engine.byType(types.eip).length, 4);
  });

  it("tags every resource with the user's tags and its own Name", () => {
    for (const resource of engine.resources.filter((r) => r.custom && r.inputs.tags)) {
      assert.equal(resource.inputs.tags.team, "net", resource.name);
      assert.equal(resource.inputs.tags.Name, resource.name);
    }
    assert.equal(engine.byName("app-instance").inputs.keyName, "ops");
  });

  it("reports URLs only for addresses whose security group allows port 80", async () => {
    const interfaces = await valueOf(server.interfaces);
    assert.deepEqual(
      interfaces.map((i) => [i.deviceIndex, i.privateIps, i.publicIps.length, i.allowsHttp]),
      [
        [0, ["10.0.1.10"], 1, true],
        [1, ["10.0.2.10", "10.0.2.11", "10.0.2.12"], 3, false],
        [2, ["10.0.1.11"], 0, false],
      ],
    );
    assert.deepEqual(await valueOf(server.urls), [`http://${interfaces[0].publicIps[0]}/`]);
    assert.equal((await valueOf(server.publicIps)).length, 4);
  });
});

describe("DualHomedServer lookups", () => {
  it("uses the arm64 Amazon Linux 2023 image for a Graviton instance type", async () => {
    const engine = await useMockedAwsEngine(subnets);
    new DualHomedServer("arm", { subnetId: "subnet-a1", instanceType: "t4g.micro" });
    await engine.settle();
    assert.equal(engine.byName("arm-instance").inputs.ami, "ami-for-arm64");
  });

  it("uses the given AMI without reading SSM", async () => {
    const engine = await useMockedAwsEngine(subnets);
    new DualHomedServer("own", { subnetId: "subnet-a1", ami: "ami-0abc" });
    await engine.settle();
    assert.equal(engine.byName("own-instance").inputs.ami, "ami-0abc");
    assert.equal(engine.invokes.filter((i) => i.token === "aws:ssm/getParameter:getParameter").length, 0);
  });

  it("gives a single-interface server when secondaryInterfaces is empty", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("solo", { subnetId: "subnet-a1", secondaryInterfaces: [] });
    await engine.settle();
    assert.equal(engine.byType(types.networkInterface).length, 1);
    assert.equal(engine.byType(types.attachment).length, 0);
    assert.equal((await valueOf(server.urls)).length, 1);
  });
});
