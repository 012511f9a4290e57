import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, valueOf } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

const openToAnyone = [{ fromPort: 80, cidrBlocks: ["::/0", "0.0.0.0/0"] }];

describe("IPv6 addresses on an interface", () => {
  it("asks EC2 for the count, lists the addresses and gives each a URL where port 80 is open to IPv6 sources", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("web", {
      subnetId: "subnet-a1",
      secondaryInterfaces: [{ subnetId: "subnet-a6", ipv6AddressCount: 2, ingress: openToAnyone }],
    });
    const interfaces = await valueOf(server.interfaces);
    await engine.settle();
    assert.equal(engine.byName("web-eth1").inputs.ipv6AddressCount, 2);
    assert.equal(engine.byName("web-eth0").inputs.ipv6AddressCount, 0);
    assert.deepEqual(interfaces[1].ipv6Addresses, ["2001:db8:0:4::100", "2001:db8:0:4::101"]);
    assert.deepEqual(interfaces[1].ipv6HttpSources, ["::/0"]);
    assert.deepEqual(interfaces[0].ipv6Addresses, []);
    const urls = await valueOf(server.urls);
    assert.ok(urls.includes("http://[2001:db8:0:4::100]/"), urls.join(" "));
    assert.ok(urls.includes("http://[2001:db8:0:4::101]/"), urls.join(" "));
  });

  it("gives IPv6 addresses no URL when port 80 is open only to IPv4 sources", async () => {
    await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("web", {
      subnetId: "subnet-a1",
      secondaryInterfaces: [
        { subnetId: "subnet-a6", ipv6AddressCount: 1, ingress: [{ fromPort: 80, cidrBlocks: ["0.0.0.0/0"] }] },
      ],
    });
    const urls = await valueOf(server.urls);
    assert.deepEqual(
      urls.filter((u) => u.includes("[")),
      [],
    );
  });

  const refusals: [string, Partial<DualHomedServerArgs>, RegExp][] = [
    [
      "a subnet without an IPv6 block",
      { secondaryInterfaces: [{ subnetId: "subnet-a2", ipv6AddressCount: 1 }] },
      /eni-ipv6-in-subnet-with-ipv6-block: network interface eth1 \(secondaryInterfaces\[0\]\) asks for 1 IPv6 address\(es\) but subnet subnet-a2 has no IPv6 CIDR block/,
    ],
    [
      "an instance type without IPv6",
      { instanceType: "m1.small", secondaryInterfaces: [{ subnetId: "subnet-a6", ipv6AddressCount: 1 }] },
      /eni-addresses-within-instance-type-limit: network interface eth1 \(secondaryInterfaces\[0\]\) asks for 1 IPv6 address\(es\) but m1\.small/,
    ],
    [
      "more IPv6 addresses than the type allows",
      { instanceType: "t3.micro", secondaryInterfaces: [{ subnetId: "subnet-a6", ipv6AddressCount: 3 }] },
      /asks for 3 IPv6 addresses but t3\.micro allows 2 per interface/,
    ],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what} during preview, naming the interface and the rule`, async () => {
      await useMockedAwsEngine(subnets);
      const server = new DualHomedServer("web", { subnetId: "subnet-a1", ...args });
      assert.match((await failureOf(server.urls)).message, message);
    });
  }

  it("refuses a count no instance type allows at construction", async () => {
    await useMockedAwsEngine(subnets);
    assert.throws(
      () => new DualHomedServer("web", { subnetId: "subnet-a6", ipv6AddressCount: 65 }),
      /within-any-instance-type-limit: ipv6AddressCount is 65, but no EC2 instance type allows more than 64/,
    );
    assert.throws(
      () => new DualHomedServer("web", { subnetId: "subnet-a6", secondaryInterfaces: [{ ipv6AddressCount: 1.5 }] }),
      /secondaryInterfaces\[0\]\.ipv6AddressCount is 1\.5; give a whole number/,
    );
  });
});
