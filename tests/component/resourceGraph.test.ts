import type * as pulumi from "@pulumi/pulumi";
import * as assert from "node:assert/strict";
import { DualHomedServer } from "dual-homed-server";
import { useMockedAwsEngine, valueOf, type MockedAwsEngine, type RegisteredResource } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

function userDataPage(userData: string): string {
  const encoded = /echo '([A-Za-z0-9+/=]+)' \| base64 -d > \/var\/www\/html\/index\.html/.exec(userData);
  assert.ok(encoded, `user data writes no page:\n${userData}`);
  return Buffer.from(encoded[1], "base64").toString("utf8");
}

/** Every URN a resource depends on, directly or through other resources. */
function transitiveDependencies(engine: MockedAwsEngine, resource: RegisteredResource): Set<string> {
  const byUrn = new Map(engine.resources.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const visit = (r: RegisteredResource) => {
    const direct = [...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
    for (const urn of direct) {
      if (seen.has(urn)) continue;
      seen.add(urn);
      const next = byUrn.get(urn);
      if (next) visit(next);
    }
  };
  visit(resource);
  return seen;
}

describe("DualHomedServer with default arguments (the walkthrough's setup)", () => {
  let engine: MockedAwsEngine;
  let server: DualHomedServer;

  before(async () => {
    engine = await useMockedAwsEngine(subnets);
    server = new DualHomedServer("web", { subnetId: "subnet-a1" });
    await valueOf(server.urls);
    await engine.settle();
  });

  it("creates one security group per interface, in the subnet's VPC", () => {
    const groups = engine.byType(types.securityGroup);
    assert.deepEqual(groups.map((g) => g.name).sort(), ["web-eth0-sg", "web-eth1-sg"]);
    for (const group of groups) assert.equal(group.inputs.vpcId, "vpc-1");
  });

  it("opens only HTTP from anywhere on eth0 and nothing on eth1", () => {
    const rules = engine.byType(types.ingressRule);
    assert.equal(rules.length, 1);
    assert.equal(rules[0].inputs.securityGroupId, "web-eth0-sg-id");
    assert.equal(rules[0].inputs.ipProtocol, "tcp");
    assert.equal(rules[0].inputs.fromPort, 80);
    assert.equal(rules[0].inputs.toPort, 80);
    assert.equal(rules[0].inputs.cidrIpv4, "0.0.0.0/0");
  });

  it("lets eth0 reach out (to install Apache) and gives eth1 no rule at all", () => {
    const egress = engine.byType(types.egressRule);
    assert.equal(egress.length, 1);
    assert.equal(egress[0].inputs.securityGroupId, "web-eth0-sg-id");
    assert.equal(egress[0].inputs.ipProtocol, "-1");
  });

  it("creates both interfaces in the primary subnet, each with only its own security group", () => {
    const eth0 = engine.byName("web-eth0");
    const eth1 = engine.byName("web-eth1");
    assert.equal(eth0.inputs.subnetId, "subnet-a1");
    assert.equal(eth1.inputs.subnetId, "subnet-a1");
    assert.deepEqual(eth0.inputs.securityGroups, ["web-eth0-sg-id"]);
    assert.deepEqual(eth1.inputs.securityGroups, ["web-eth1-sg-id"]);
    assert.equal(eth1.inputs.sourceDestCheck, true);
    // Zero, not left out: the provider keeps an interface's current count when the input is absent.
    assert.equal(eth1.inputs.privateIpsCount, 0);
  });

  it("references each security group from its interface so destroy deletes the interface first", () => {
    for (const role of ["eth0", "eth1"]) {
      const eni = engine.byName(`web-${role}`);
      const group = engine.byName(`web-${role}-sg`);
      assert.ok(eni.propertyDependencies.securityGroups.includes(group.urn));
    }
  });

  it("launches the instance on eth0 with no instance-level security groups or subnet", () => {
    const instance = engine.byName("web-instance");
    assert.deepEqual(instance.inputs.primaryNetworkInterface, { networkInterfaceId: "web-eth0-id" });
    for (const field of ["vpcSecurityGroupIds", "securityGroups", "subnetId", "networkInterfaces"]) {
      assert.equal(instance.inputs[field], undefined, `${field} must not be set on the instance`);
    }
    assert.equal(instance.deleteBeforeReplace, true);
  });

  it("defaults to t3.micro with the latest x86_64 Amazon Linux 2023 from SSM", () => {
    const instance = engine.byName("web-instance");
    assert.equal(instance.inputs.instanceType, "t3.micro");
    const lookup = engine.invokes.find((i) => i.token === "aws:ssm/getParameter:getParameter");
    assert.equal(lookup?.args.name, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    assert.equal(instance.inputs.ami, "ami-for-x86_64");
  });

  it("keeps the defaulted AMI after creation, so an Amazon Linux release does not replace the server", () => {
    assert.deepEqual(engine.byName("web-instance").ignoreChanges, ["ami"]);
  });

  it("requires IMDSv2, encrypts the root volume and sets no key pair", () => {
    const instance = engine.byName("web-instance");
    assert.equal(instance.inputs.metadataOptions.httpTokens, "required");
    assert.equal(instance.inputs.rootBlockDevice.encrypted, true);
    assert.equal(instance.inputs.keyName, undefined);
  });

  it("installs and starts Apache serving a page that says Testing ENI", () => {
    const userData: string = engine.byName("web-instance").inputs.userData;
    assert.match(userData, /^#!\/bin\/bash\n/);
    assert.match(userData, /dnf install -y httpd/);
    assert.match(userData, /systemctl enable --now httpd/);
    assert.match(userDataPage(userData), /Testing ENI/);
    assert.equal(engine.byName("web-instance").inputs.userDataReplaceOnChange, true);
  });

  it("attaches eth1 at device index 1, deleting before replacing", () => {
    const [attachment] = engine.byType(types.attachment);
    assert.equal(attachment.name, "web-eth1-attachment");
    assert.equal(attachment.inputs.deviceIndex, 1);
    assert.equal(attachment.inputs.instanceId, "web-instance-id");
    assert.equal(attachment.inputs.networkInterfaceId, "web-eth1-id");
    assert.equal(attachment.deleteBeforeReplace, true);
  });

  it("gives each interface's private address its own Elastic IP, bound to interface and address", () => {
    assert.equal(engine.byType(types.eip).length, 2);
    for (const eip of engine.byType(types.eip)) {
      assert.equal(eip.inputs.domain, "vpc");
      assert.equal(eip.inputs.instance, undefined);
      assert.equal(eip.inputs.networkInterface, undefined);
    }
    const eth0 = engine.byName("web-eth0-ip0-eip-association");
    assert.equal(eth0.inputs.networkInterfaceId, "web-eth0-id");
    assert.equal(eth0.inputs.privateIpAddress, "10.0.1.10");
    assert.deepEqual(eth0.propertyDependencies.allocationId, [engine.byName("web-eth0-ip0-eip").urn]);
    const eth1 = engine.byName("web-eth1-ip0-eip-association");
    assert.equal(eth1.inputs.networkInterfaceId, "web-eth1-id");
    assert.equal(eth1.inputs.privateIpAddress, "10.0.1.11");
    for (const association of engine.byType(types.eipAssociation)) {
      assert.equal(association.inputs.instanceId, undefined);
      assert.equal(association.deleteBeforeReplace, true);
    }
  });

  it("makes no Elastic IP, association or secondary interface depend on the instance", () => {
    const instanceUrn = engine.byName("web-instance").urn;
    const independent = [
      ...engine.byType(types.eip),
      ...engine.byType(types.eipAssociation),
      ...engine.byType(types.networkInterface),
    ];
    assert.ok(independent.length >= 6);
    for (const resource of independent) {
      assert.ok(!transitiveDependencies(engine, resource).has(instanceUrn), `${resource.name} depends on the instance`);
    }
    // The same walk does see a real dependency on the instance: the attachment's.
    assert.ok(transitiveDependencies(engine, engine.byName("web-eth1-attachment")).has(instanceUrn));
  });

  it("exposes its child resources, so users can add rules, options or dependencies to them", async () => {
    const urn = (r: pulumi.Resource) => valueOf(r.urn);
    const name = async (r: pulumi.Resource) => (await urn(r)).split("::").pop();
    assert.equal(await name(server.instance), "web-instance");
    assert.deepEqual(await Promise.all(server.securityGroups.map(name)), ["web-eth0-sg", "web-eth1-sg"]);
    assert.deepEqual(await Promise.all(server.networkInterfaces.map(name)), ["web-eth0", "web-eth1"]);
    assert.deepEqual(await Promise.all(server.attachments.map(name)), ["web-eth1-attachment"]);
    assert.deepEqual(await Promise.all(server.elasticIps.map(name)), ["web-eth0-ip0-eip", "web-eth1-ip0-eip"]);
    assert.deepEqual(await Promise.all(server.eipAssociations.map(name)), [
      "web-eth0-ip0-eip-association",
      "web-eth1-ip0-eip-association",
    ]);
    assert.deepEqual(
      await valueOf(server.publicIps),
      await Promise.all(server.elasticIps.map((e) => valueOf(e.publicIp))),
    );
  });

  it("parents every child to the component and names it after the component", () => {
    const component = engine.resources.find((r) => r.type === types.component);
    assert.ok(component);
    for (const child of engine.resources.filter((r) => r.custom)) {
      assert.equal(child.parent, component.urn, child.name);
      assert.ok(child.name.startsWith("web-"), child.name);
    }
  });

  it("reports both interfaces, their addresses and a URL only for the HTTP-enabled one", async () => {
    assert.equal(await valueOf(server.availabilityZone), "us-east-1a");
    assert.equal(await valueOf(server.instanceId), "web-instance-id");
    const interfaces = await valueOf(server.interfaces);
    assert.deepEqual(
      interfaces.map((i) => [i.deviceIndex, i.networkInterfaceId, i.securityGroupId, i.privateIps, i.allowsHttp]),
      [
        [0, "web-eth0-id", "web-eth0-sg-id", ["10.0.1.10"], true],
        [1, "web-eth1-id", "web-eth1-sg-id", ["10.0.1.11"], false],
      ],
    );
    const publicIps = interfaces.flatMap((i) => i.publicIps);
    assert.equal(publicIps.length, 2);
    assert.equal(new Set(publicIps).size, 2);
    for (const ip of publicIps) assert.match(ip, /^198\.51\.100\.\d+$/);
    assert.deepEqual(
      await valueOf(server.publicIps),
      interfaces.flatMap((i) => i.publicIps),
    );
    assert.deepEqual(await valueOf(server.urls), [`http://${interfaces[0].publicIps[0]}/`]);
  });
});
