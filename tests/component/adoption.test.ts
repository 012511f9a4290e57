import * as assert from "node:assert/strict";
import { DualHomedServer } from "dual-homed-server";
import { useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets, types } from "./fixtures";

describe("DualHomedServer adopting a server built by hand", () => {
  const importIds = {
    instance: "i-0handbuilt",
    eth0: "eni-0aaa",
    "eth0-sg": "sg-0aaa",
    "eth0-egress-all": "sgr-0egress",
    "eth0-ingress-tcp-80-80-0.0.0.0-0": "sgr-0http",
    "eth0-ip0-eip": "eipalloc-0aaa",
    "eth0-ip0-eip-association": "eipassoc-0aaa",
    eth1: "eni-0bbb",
    "eth1-sg": "sg-0bbb",
    "eth1-attachment": "eni-attach-0bbb",
  };

  it("imports every child it has an id for, keeps them all in AWS on destroy, and creates the rest", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("web", {
      subnetId: "subnet-a1",
      secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.20"] }],
      adopt: { importIds, keep: { "eth0-sg": ["name", "description", "tags"] } },
    });
    await valueOf(server.urls);
    await engine.settle();
    const children = engine.resources.filter((r) => r.custom);
    const imported = Object.fromEntries(
      children.filter((r) => r.importId !== "").map((r) => [r.name.replace(/^web-/, ""), r.importId]),
    );
    assert.deepEqual(imported, importIds);
    // eth1's Elastic IP had no id: the component adds it on purpose, and says so in the preview as a create.
    assert.deepEqual(
      children.filter((r) => r.importId === "").map((r) => r.name),
      ["web-eth1-ip-10-0-1-20-eip", "web-eth1-ip-10-0-1-20-eip-association"],
    );
    assert.ok(
      children.every((r) => r.retainOnDelete),
      "every adopted server's child outlives the stack",
    );
    assert.deepEqual(engine.byName("web-eth0-sg").ignoreChanges, ["name", "description", "tags"]);
    assert.deepEqual(engine.byName("web-instance").ignoreChanges, ["ami"]);
  });

  it("keeps the user data and the root volume as launched", async () => {
    const engine = await useMockedAwsEngine(subnets);
    new DualHomedServer("web", {
      subnetId: "subnet-a1",
      secondaryInterfaces: [],
      adopt: { importIds: { instance: "i-0handbuilt" }, userData: "#!/bin/bash\nyum install -y httpd\n" },
    });
    await engine.settle();
    const instance = engine.byType(types.instance)[0];
    assert.equal(instance.inputs.userData, "#!/bin/bash\nyum install -y httpd\n");
    assert.equal(instance.inputs.rootBlockDevice, undefined);
  });

  it("lets retainOnDelete be turned off, and leaves servers that are not adopted alone", async () => {
    const engine = await useMockedAwsEngine(subnets);
    new DualHomedServer("web", { subnetId: "subnet-a1", adopt: { retainOnDelete: false } });
    new DualHomedServer("new", { subnetId: "subnet-a1" });
    await engine.settle();
    assert.ok(engine.resources.filter((r) => r.custom).every((r) => !r.retainOnDelete && r.importId === ""));
  });

  it("refuses kept user data beside a boot script, and an empty id", () => {
    assert.throws(
      () =>
        new DualHomedServer("web", {
          subnetId: "subnet-a1",
          bootScript: "#!/bin/bash\n",
          adopt: { userData: "#!/bin/bash\n", importIds: { instance: "" } },
        }),
      (err: Error) =>
        /adoption-describes-server: adopt\.importIds\["instance"\] is ""/.test(err.message) &&
        /adoption-describes-server: adopt\.userData keeps the user data .* so bootScript would never run/.test(
          err.message,
        ),
    );
  });
});
