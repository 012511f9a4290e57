import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { DualHomedServer } from "dual-homed-server";
import { useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

const count = (
  invokes: { token: string; args: Record<string, unknown> }[],
  token: string,
  key: string,
  value: string,
) => invokes.filter((i) => i.token === token && i.args[key] === value).length;

describe("lookups shared by the servers of one program", () => {
  it("reads a subnet and an instance type once for several servers with the same provider", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const servers = ["a", "b", "c"].map((n) => new DualHomedServer(n, { subnetId: "subnet-a1", ami: "ami-1" }));
    await Promise.all(servers.map((s) => valueOf(s.urls)));
    await engine.settle();
    assert.equal(count(engine.invokes, "aws:ec2/getSubnet:getSubnet", "id", "subnet-a1"), 1);
    assert.equal(count(engine.invokes, "aws:ec2/getInstanceType:getInstanceType", "instanceType", "t3.micro"), 1);
  });

  it("reads them again for a server with another AWS provider", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const other = new aws.Provider("other", { region: "us-east-1" });
    const servers = [
      new DualHomedServer("a", { subnetId: "subnet-a1", ami: "ami-1" }),
      new DualHomedServer("b", { subnetId: "subnet-a1", ami: "ami-1" }, { providers: [other] }),
    ];
    await Promise.all(servers.map((s) => valueOf(s.urls)));
    await engine.settle();
    assert.equal(count(engine.invokes, "aws:ec2/getSubnet:getSubnet", "id", "subnet-a1"), 2);
  });
});
