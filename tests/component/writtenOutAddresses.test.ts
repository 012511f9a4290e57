import * as assert from "node:assert/strict";
import { DualHomedServer, type DualHomedServerArgs } from "dual-homed-server";
import { failureOf, useMockedAwsEngine, valueOf, type MockedAwsEngine } from "../support/mockedAwsEngine";
import { largestInstanceTypeLimits } from "dual-homed-server-rules";
import { subnets, types } from "./fixtures";

const most = largestInstanceTypeLimits.ipv4AddressesPerInterface;

const withAddresses = (addresses: string[], extra: Partial<DualHomedServerArgs> = {}): DualHomedServerArgs => ({
  subnetId: "subnet-a1",
  instanceType: "t3.large",
  secondaryInterfaces: [{ subnetId: "subnet-a2", privateIpAddresses: addresses }],
  ...extra,
});

/** Each Elastic IP association's private address, by association name, for eth1. */
function eth1Targets(engine: MockedAwsEngine): Record<string, string> {
  return Object.fromEntries(
    engine
      .byType(types.eipAssociation)
      .filter((r) => r.name.startsWith("web-eth1-"))
      .map((r) => [r.name, r.inputs.privateIpAddress]),
  );
}

describe("Written-out private addresses (privateIpAddresses)", () => {
  it("binds each Elastic IP to its address as written and names both resources after the address", async () => {
    const engine = await useMockedAwsEngine(subnets);
    new DualHomedServer("web", withAddresses(["10.0.2.20", "10.0.2.21"]));
    await engine.settle();
    assert.deepEqual(eth1Targets(engine), {
      "web-eth1-ip-10-0-2-20-eip-association": "10.0.2.20",
      "web-eth1-ip-10-0-2-21-eip-association": "10.0.2.21",
    });
    const eni = engine.byName("web-eth1");
    // The provider's set form, which adds and removes exactly the addresses that change.
    assert.deepEqual(eni.inputs.privateIps, ["10.0.2.20", "10.0.2.21"]);
    assert.equal(eni.inputs.privateIpsCount, 1);
    assert.equal(eni.inputs.privateIpListEnabled, undefined);
    // The mark that makes a switch to or from written-out addresses an update its hook checks.
    assert.equal(eni.inputs.tags["dual-homed-server:addresses"], "written-out");
    assert.equal(engine.byName("web-eth0").inputs.tags["dual-homed-server:addresses"], undefined);
  });

  it("reports the addresses primary first with each Elastic IP beside its own address, whichever the provider made primary", async () => {
    const engine = await useMockedAwsEngine(subnets);
    const server = new DualHomedServer("web", withAddresses(["10.0.2.20", "10.0.2.21", "10.0.2.22"]));
    await engine.settle();
    const eth1 = (await valueOf(server.interfaces))[1];
    // The mocked provider made the last listed address primary.
    assert.deepEqual(eth1.privateIps, ["10.0.2.22", "10.0.2.20", "10.0.2.21"]);
    assert.equal(engine.byType(types.eip).length, 4);
    // publicIps[k] is the Elastic IP associated with privateIps[k].
    const associations = engine.byType(types.eipAssociation).filter((r) => r.name.startsWith("web-eth1-"));
    eth1.privateIps.forEach((ip, k) => {
      const association = associations.find((r) => r.inputs.privateIpAddress === ip)!;
      const eipName = association.name.replace(/-association$/, "");
      const allocationId = association.inputs.allocationId as string;
      assert.ok(allocationId.startsWith("eipalloc-"), eipName);
      const n = Number(allocationId.slice("eipalloc-".length));
      assert.equal(eth1.publicIps[k], `198.51.100.${n}`, `${ip} is not beside its Elastic IP`);
    });
  });

  it("adds or removes only the Elastic IPs of the addresses added or removed, wherever they are in the list", async () => {
    const first = await useMockedAwsEngine(subnets);
    new DualHomedServer("web", withAddresses(["10.0.2.20", "10.0.2.21", "10.0.2.22"]));
    await first.settle();
    const before = eth1Targets(first);
    const held = { "web-eth0": ["10.0.1.10"], "web-eth1": ["10.0.2.22", "10.0.2.20", "10.0.2.21"] };

    const second = await useMockedAwsEngine(subnets, { previewOfUpdate: true, existingAddresses: held });
    // The middle address goes, a new one comes.
    new DualHomedServer("web", withAddresses(["10.0.2.20", "10.0.2.22", "10.0.2.30"]));
    await second.settle();
    const after = eth1Targets(second);
    const gone = Object.keys(before).filter((name) => !(name in after));
    const added = Object.keys(after).filter((name) => !(name in before));
    assert.deepEqual(gone, ["web-eth1-ip-10-0-2-21-eip-association"]);
    assert.deepEqual(added, ["web-eth1-ip-10-0-2-30-eip-association"]);
    for (const name of Object.keys(before).filter((n) => n in after)) assert.equal(after[name], before[name], name);
  });

  it("keeps every Elastic IP when a count is switched to the addresses held in EC2's order (aliases to the former names)", async () => {
    const engine = await useMockedAwsEngine(subnets);
    new DualHomedServer("web", withAddresses(["10.0.2.10", "10.0.2.11", "10.0.2.12"]));
    await engine.settle();
    // ip<k> was on the k-th address in EC2's order, the order a switch lists them in.
    assert.deepEqual(engine.byName("web-eth1-ip-10-0-2-10-eip").aliasNames, ["web-eth1-ip0-eip"]);
    assert.deepEqual(engine.byName("web-eth1-ip-10-0-2-12-eip-association").aliasNames, [
      "web-eth1-ip2-eip-association",
    ]);
    // A count-mode interface has no aliases: its names never changed.
    assert.deepEqual(engine.byName("web-eth0-ip0-eip").aliasNames, []);
  });

  it("refuses at preview to remove the address the interface holds as primary", async () => {
    const held = { "web-eth0": ["10.0.1.10"], "web-eth1": ["10.0.2.22", "10.0.2.20", "10.0.2.21"] };
    await useMockedAwsEngine(subnets, { previewOfUpdate: true, existingAddresses: held });
    const server = new DualHomedServer("web", withAddresses(["10.0.2.20", "10.0.2.21"]));
    const err = await failureOf(server.interfaces);
    assert.match(
      err.message,
      /eni-primary-address-kept: secondaryInterfaces\[0\]\.privateIpAddresses leaves out "10\.0\.2\.22", the primary private address of eth1 \(web-eth1-id\); AWS cannot unassign/,
    );
  });

  describe("refuses bad addresses at construction", () => {
    beforeEach(() => useMockedAwsEngine(subnets));
    const cases: [string, Partial<DualHomedServerArgs>, RegExp][] = [
      [
        "an address that is not IPv4",
        { secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.300"] }] },
        /secondaryInterfaces\[0\]\.privateIpAddresses\[0\] is "10\.0\.1\.300", which is not an IPv4 address as EC2 writes it/,
      ],
      [
        "an address with leading zeros (EC2 reads it back without them)",
        { secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.020"] }] },
        /privateIpAddresses\[0\] is "10\.0\.1\.020", which is not an IPv4 address as EC2 writes it/,
      ],
      [
        "a repeated address",
        { secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.20", "10.0.1.20"] }] },
        /no-duplicate-entries: secondaryInterfaces\[0\]\.privateIpAddresses\[1\] repeats "10\.0\.1\.20"/,
      ],
      [
        "an address on two interfaces",
        {
          instanceType: "t3.large",
          secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.20"] }, { privateIpAddresses: ["10.0.1.20"] }],
        },
        /"10\.0\.1\.20" is in both secondaryInterfaces\[0\]\.privateIpAddresses and secondaryInterfaces\[1\]\.privateIpAddresses/,
      ],
      [
        "an empty list",
        { secondaryInterfaces: [{ privateIpAddresses: [] }] },
        /secondaryInterfaces\[0\]\.privateIpAddresses is empty; list at least one address/,
      ],
      [
        "a count as well",
        { secondaryInterfaces: [{ privateIpAddresses: ["10.0.1.20"], secondaryPrivateIpCount: 1 }] },
        /secondaryInterfaces\[0\] sets both secondaryPrivateIpCount \(1\) and privateIpAddresses/,
      ],
      [
        "more addresses than any instance type allows",
        {
          secondaryInterfaces: [
            {
              privateIpAddresses: Array.from(
                { length: most + 1 },
                (_, i) => `10.0.${Math.floor(i / 200)}.${(i % 200) + 10}`,
              ),
            },
          ],
        },
        new RegExp(
          `within-any-instance-type-limit: secondaryInterfaces\\[0\\]\\.privateIpAddresses lists ${most + 1} addresses, but no EC2 instance type allows more than ${most} `,
        ),
      ],
    ];
    for (const [what, args, expected] of cases) {
      it(`refuses ${what}`, () => {
        assert.throws(() => new DualHomedServer("web", { subnetId: "subnet-a1", ...args }), expected);
      });
    }
  });

  describe("refuses at preview an address its subnet cannot assign", () => {
    const cases: [string, string, RegExp][] = [
      [
        "an address outside the subnet",
        "10.0.9.20",
        /eni-address-in-subnet: secondaryInterfaces\[0\]\.privateIpAddresses\[1\] of eth1 is "10\.0\.9\.20", outside subnet subnet-a2 \(10\.0\.2\.0\/24\)/,
      ],
      [
        "the subnet's network address + 3 (reserved by AWS)",
        "10.0.2.3",
        /eni-address-in-subnet: .* is "10\.0\.2\.3", one of the five addresses AWS reserves in subnet subnet-a2 \(10\.0\.2\.0\/24: the first four and the last\)/,
      ],
      [
        "the subnet's last address (reserved by AWS)",
        "10.0.2.255",
        /"10\.0\.2\.255", one of the five addresses AWS reserves/,
      ],
    ];
    for (const [what, address, expected] of cases) {
      it(`refuses ${what}`, async () => {
        const engine = await useMockedAwsEngine(subnets);
        const server = new DualHomedServer("web", withAddresses(["10.0.2.20", address]));
        const err = await failureOf(server.availabilityZone);
        await engine.settle();
        assert.match(err.message, expected);
        // A failed check creates nothing.
        assert.equal(engine.byType(types.eip).length, 0);
      });
    }
  });
});
