import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

async function instanceOf(args: Partial<DualHomedServerArgs>) {
  const engine = await useMockedAwsEngine(subnets);
  const server = new DualHomedServer("web", { subnetId: "subnet-a1", ...args });
  await valueOf(server.instanceId);
  await engine.settle();
  return engine.byName("web-instance");
}

describe("which AMI changes replace the server", () => {
  it("replaces the instance when an explicit ami changes: nothing is ignored", async () => {
    const instance = await instanceOf({ ami: "ami-0123456789abcdef0" });
    assert.deepEqual(instance.ignoreChanges, []);
    assert.equal(instance.inputs.ami, "ami-0123456789abcdef0");
  });

  it("follows Amazon Linux releases with followLatestAmi", async () => {
    const instance = await instanceOf({ followLatestAmi: true });
    assert.deepEqual(instance.ignoreChanges, []);
    assert.equal(instance.inputs.ami, "ami-for-x86_64");
  });

  it("keeps the image chosen at creation with followLatestAmi false (the default)", async () => {
    assert.deepEqual((await instanceOf({ followLatestAmi: false })).ignoreChanges, ["ami"]);
  });

  it("refuses a followLatestAmi that is not a boolean (as YAML config may give)", async () => {
    await useMockedAwsEngine(subnets);
    assert.throws(
      () => new DualHomedServer("web", { subnetId: "subnet-a1", followLatestAmi: "yes" as unknown as boolean }),
      /followLatestAmi is "yes"; use false .* or true/,
    );
  });
});
