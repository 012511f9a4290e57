import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { subnets } from "./fixtures";

describe("DualHomedServer rejects bad arguments at construction, before any lookup", () => {
  beforeEach(() => useMockedAwsEngine(subnets));

  const cases: [string, Partial<DualHomedServerArgs>, RegExp[]][] = [
    [
      "a malformed CIDR",
      { httpIngressCidrs: ["10.0.0.300/8"] },
      [/valid-cidr-block: httpIngressCidrs\[0\] is "10\.0\.0\.300\/8", which is not a CIDR block/],
    ],
    [
      "a CIDR without prefix",
      { sshIngressCidrs: ["192.0.2.1"] },
      [/sshIngressCidrs\[0\] is "192\.0\.2\.1", which is not a CIDR block/],
    ],
    [
      "a CIDR with host bits",
      { httpIngressCidrs: ["10.0.0.1/8"] },
      [/httpIngressCidrs\[0\] is "10\.0\.0\.1\/8", which has host bits set; .* Write "10\.0\.0\.0\/8"/],
    ],
    [
      "a duplicate CIDR",
      { httpIngressCidrs: ["0.0.0.0/0", "0.0.0.0/0"] },
      [/no-duplicate-entries: httpIngressCidrs\[1\] repeats "0\.0\.0\.0\/0"; AWS rejects a duplicate entry/],
    ],
    ["an empty CIDR entry", { httpIngressCidrs: [""] }, [/httpIngressCidrs\[0\] is empty/]],
    ["an empty subnet id", { subnetId: "" }, [/subnetId is empty; give the id of a subnet/]],
    [
      "an empty instance type",
      { instanceType: " " },
      [/instanceType is empty; give an EC2 instance type such as "t3\.micro"/],
    ],
    [
      "an empty secondary subnet id",
      { secondaryInterfaces: [{ subnetId: " " }] },
      [/secondaryInterfaces\[0\]\.subnetId is empty/],
    ],
    [
      "a port above 65535",
      { secondaryInterfaces: [{ ingress: [{ fromPort: 70000, cidrBlocks: ["10.0.0.0/8"] }] }] },
      [
        /valid-port-range: secondaryInterfaces\[0\]\.ingress\[0\] has fromPort 70000; tcp takes whole numbers from 0 to 65535/,
      ],
    ],
    [
      "a reversed port range",
      { secondaryInterfaces: [{ ingress: [{ fromPort: 90, toPort: 80, cidrBlocks: ["10.0.0.0/8"] }] }] },
      [/secondaryInterfaces\[0\]\.ingress\[0\] has fromPort 90 above toPort 80; swap them/],
    ],
    [
      "an unknown protocol",
      { secondaryInterfaces: [{ ingress: [{ protocol: "sctp", fromPort: 1, cidrBlocks: ["10.0.0.0/8"] }] }] },
      [/secondaryInterfaces\[0\]\.ingress\[0\] has protocol "sctp"; use one of tcp, udp, icmp, icmpv6, -1/],
    ],
    [
      "ports on an all-protocols rule",
      { secondaryInterfaces: [{ ingress: [{ protocol: "-1", fromPort: 1, cidrBlocks: ["10.0.0.0/8"] }] }] },
      [/allows every protocol \("-1"\), which takes no ports/],
    ],
    [
      "a rule without sources",
      { secondaryInterfaces: [{ ingress: [{ fromPort: 80, cidrBlocks: [] }] }] },
      [
        /secondaryInterfaces\[0\]\.ingress\.cidrBlocks is empty|secondaryInterfaces\[0\]\.ingress\[0\]\.cidrBlocks is empty/,
      ],
    ],
    [
      "the same rule twice",
      {
        secondaryInterfaces: [
          {
            ingress: [
              { fromPort: 80, cidrBlocks: ["10.0.0.0/8"] },
              { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/8"] },
            ],
          },
        ],
      },
      [
        /secondaryInterfaces\[0\]\.ingress \(as protocol, ports and source\)\[1\] repeats "tcp 80-80 from 10\.0\.0\.0\/8"/,
      ],
    ],
    [
      "a fractional private IP count",
      { secondaryInterfaces: [{ secondaryPrivateIpCount: 1.5 }] },
      [/secondaryInterfaces\[0\]\.secondaryPrivateIpCount is 1\.5; give a whole number/],
    ],
    [
      "a negative private IP count",
      { secondaryInterfaces: [{ secondaryPrivateIpCount: -1 }] },
      [/secondaryPrivateIpCount is -1/],
    ],
    [
      "a page too large for user data",
      { indexHtml: "x".repeat(20_000) },
      [/indexHtml makes \d+ bytes of user data but EC2 accepts at most 16384/],
    ],
    [
      // AWS stores IPv6 blocks in lower case with zeros compressed (RFC 5952), so these are one block.
      "a CIDR repeated under another spelling",
      { httpIngressCidrs: ["2001:db8::/32", "2001:DB8:0:0::/32"] },
      [
        /no-duplicate-entries: httpIngressCidrs\[1\] is "2001:DB8:0:0::\/32", the same as "2001:db8::\/32" written another way \(AWS reads both as "2001:db8::\/32"\)/,
      ],
    ],
    [
      // EC2 tag restrictions: 50 tags per resource, the component's Name included.
      "more tags than a resource can carry with Name",
      { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) },
      [
        /valid-tags: tags has 50 entries; with the Name tag the component adds, a resource would carry 51 but AWS allows at most 50/,
      ],
    ],
    [
      // An interface with written-out addresses also carries the component's dual-homed-server:addresses.
      "49 tags where an interface carries two of the component's",
      {
        tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"])),
        secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.20"] }],
      },
      [
        /valid-tags: tags has 49 entries; with the 2 tags the component adds, a resource would carry 51 but AWS allows at most 50\. Remove 1\./,
      ],
    ],
    [
      "the component's own tag key",
      { tags: { "dual-homed-server:addresses": "mine" } },
      [/valid-tags: tags sets "dual-homed-server:addresses", which the component sets itself/],
    ],
    [
      "a tag key longer than 128 characters and a value longer than 256",
      { tags: { ["k".repeat(129)]: "v", team: "x".repeat(257) } },
      [
        /tag key "k{40}…" has 129 characters; AWS takes 1 to 128/,
        /tag "team" has a value of 257 characters; AWS takes a string of up to 256/,
      ],
    ],
    [
      "a reserved aws: tag key",
      { tags: { "aws:owner": "me" } },
      [/tag key "aws:owner" starts with "aws:", which AWS reserves/],
    ],
    [
      "the user's own Name tag",
      { tags: { Name: "web" } },
      [/valid-tags: tags sets "Name", but the component names every resource itself/],
    ],
    [
      // CreateSecurityGroup / AuthorizeSecurityGroupIngress: a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$*.
      "a rule description with characters security groups refuse",
      {
        secondaryInterfaces: [
          { ingress: [{ fromPort: 443, cidrBlocks: ["10.0.0.0/8"], description: "HTTPS <internal> é" }] },
        ],
      },
      [
        /valid-security-group-text: secondaryInterfaces\[0\]\.ingress\[0\]\.description is "HTTPS <internal> é", with "<", ">", "é"; AWS takes only letters/,
      ],
    ],
    [
      "more interfaces than any instance type allows",
      { secondaryInterfaces: Array.from({ length: 1000 }, () => ({})) },
      [
        /within-any-instance-type-limit: secondaryInterfaces has 1000 entries, so the instance would have 1001 network interfaces, but no EC2 instance type allows more than 80/,
      ],
    ],
    [
      "more private addresses than any instance type allows",
      { secondaryInterfaces: [{ secondaryPrivateIpCount: 1e9 }] },
      [
        /secondaryInterfaces\[0\]\.secondaryPrivateIpCount is 1000000000, so the interface would have 1000000001 private IPv4 addresses, but no EC2 instance type allows more than 64 per interface/,
      ],
    ],
    [
      "several problems at once",
      { httpIngressCidrs: ["nope"], secondaryInterfaces: [{ secondaryPrivateIpCount: -2 }] },
      [/httpIngressCidrs\[0\]/, /secondaryPrivateIpCount is -2/],
    ],
  ];

  for (const [what, args, messages] of cases) {
    it(`names the value and the rule for ${what}`, () => {
      assert.throws(
        () => new DualHomedServer("bad", { subnetId: "subnet-a1", ...args }),
        (err: Error) => {
          assert.match(err.message, /DualHomedServer "bad" cannot be deployed/);
          for (const message of messages) assert.match(err.message, message);
          // One message: each problem once, and no stack trace for the SDK to print.
          for (const message of messages) assert.equal(err.message.split(message).length, 2, err.message);
          assert.equal(err.stack, "");
          return true;
        },
      );
    });
  }

  it("refuses a component name that security group descriptions cannot hold", () => {
    assert.throws(
      () => new DualHomedServer("web's", { subnetId: "subnet-a1" }),
      /valid-security-group-text: the component's name \(it starts each security group's description\) is "web's", with "'"/,
    );
  });

  it("refuses 10^9 addresses and 1,000 interfaces at construction, registering nothing", async () => {
    const engine = await useMockedAwsEngine(subnets);
    assert.throws(
      () =>
        new DualHomedServer("huge", { subnetId: "subnet-a1", secondaryInterfaces: [{ secondaryPrivateIpCount: 1e9 }] }),
    );
    assert.throws(
      () =>
        new DualHomedServer("wide", {
          subnetId: "subnet-a1",
          secondaryInterfaces: Array.from({ length: 1000 }, () => ({})),
        }),
    );
    await engine.settle();
    assert.deepEqual(
      engine.resources.filter((r) => r.custom),
      [],
    );
  });
});

describe("DualHomedServer fails the preview when AWS's lookups show a rule broken", () => {
  let engine: MockedAwsEngine;
  beforeEach(async () => {
    engine = await useMockedAwsEngine(subnets);
  });

  async function previewFailure(args: DualHomedServerArgs): Promise<string> {
    const server = new DualHomedServer("bad", args);
    const err = await failureOf(server.availabilityZone);
    await engine.settle();
    const created = engine.resources.filter((r) => r.custom).map((r) => r.name);
    assert.deepEqual(created, [], "no AWS resource may be registered when a check fails");
    return err.message;
  }

  it("rejects a secondary interface in another Availability Zone, naming subnet and zones", async () => {
    const message = await previewFailure({ subnetId: "subnet-a1", secondaryInterfaces: [{ subnetId: "subnet-b1" }] });
    assert.match(
      message,
      /eni-same-az-as-instance: network interface eth1 \(secondaryInterfaces\[0\]\) is in subnet subnet-b1 \(us-east-1b\) but instance "bad" is in us-east-1a/,
    );
    assert.match(message, /Use a subnet in us-east-1a/);
  });

  it("rejects more interfaces than the instance type allows", async () => {
    const message = await previewFailure({
      subnetId: "subnet-a1",
      instanceType: "t2.micro",
      secondaryInterfaces: [{}, {}],
    });
    assert.match(
      message,
      /eni-count-within-instance-type-limit: instance "bad" has 3 network interfaces but t2\.micro allows at most 2 \(primary included\)/,
    );
  });

  it("rejects more private addresses on an interface than the instance type allows", async () => {
    const message = await previewFailure({
      subnetId: "subnet-a1",
      secondaryInterfaces: [{ secondaryPrivateIpCount: 2 }],
    });
    assert.match(
      message,
      /eni-addresses-within-instance-type-limit: network interface eth1 \(secondaryInterfaces\[0\]\) asks for 3 private IPv4 addresses \(primary included\) but t3\.micro allows 2 per interface/,
    );
  });

  it("accepts the same interfaces on a type that allows them", async () => {
    const server = new DualHomedServer("ok", {
      subnetId: "subnet-a1",
      instanceType: "t3.large",
      secondaryInterfaces: [{}, { secondaryPrivateIpCount: 2 }],
    });
    await engine.settle();
    assert.equal(await new Promise((r) => server.availabilityZone.apply(r)), "us-east-1a");
    assert.ok(engine.resources.some((r) => r.name === "ok-instance"));
  });
});
