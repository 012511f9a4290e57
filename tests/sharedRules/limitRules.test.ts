import * as assert from "node:assert/strict";
import {
  eniAddressInSubnet,
  eniAddressesWithinInstanceTypeLimit,
  eniCountWithinInstanceTypeLimit,
  eniSameAzAsInstance,
  instanceNetworkLimitsTable,
  largestInstanceTypeLimits,
  limitsFromEc2NetworkInfo,
  limitsFromInstanceTypeLookup,
} from "dual-homed-server-rules";

const p4d = limitsFromEc2NetworkInfo({
  MaximumNetworkInterfaces: 60,
  Ipv4AddressesPerInterface: 50,
  Ipv6AddressesPerInterface: 50,
  Ipv6Supported: true,
  NetworkCards: [3, 1, 0, 2].map((i) => ({ NetworkCardIndex: i, MaximumNetworkInterfaces: 15 })),
});

describe("instance network limits", () => {
  it("convert from the EC2 API and from the Pulumi lookup to the same shape, cards sorted", () => {
    const fromLookup = limitsFromInstanceTypeLookup({
      maximumNetworkInterfaces: 60,
      maximumIpv4AddressesPerInterface: 50,
      maximumIpv6AddressesPerInterface: 50,
      ipv6Supported: true,
      networkCards: [0, 1, 2, 3].map((index) => ({ index, maximumInterfaces: 15 })),
    });
    assert.deepEqual(fromLookup, p4d);
    assert.deepEqual(
      p4d.networkCards.map((c) => c.index),
      [0, 1, 2, 3],
    );
  });
  it("give a type reported without cards one card holding every interface", () => {
    const limits = limitsFromEc2NetworkInfo({ MaximumNetworkInterfaces: 3, Ipv4AddressesPerInterface: 10 });
    assert.deepEqual(limits.networkCards, [{ index: 0, maxNetworkInterfaces: 3 }]);
  });
});

describe("eniCountWithinInstanceTypeLimit", () => {
  const slots = (n: number, card = 0) =>
    Array.from({ length: n }, (_, i) => ({ label: `eth${i}`, deviceIndex: i, networkCardIndex: card }));
  it("allows 60 interfaces spread over four cards and refuses 16 on one", () => {
    const spread = [0, 1, 2, 3].flatMap((card) => slots(15, card).map((s) => ({ ...s, label: `${card}/${s.label}` })));
    assert.deepEqual(eniCountWithinInstanceTypeLimit("i", "p4d.24xlarge", p4d, spread), []);
    assert.match(
      eniCountWithinInstanceTypeLimit("i", "p4d.24xlarge", p4d, slots(16))[0],
      /16 interfaces on network card 0/,
    );
  });
  it("counts slots whose device index is not known yet without comparing them", () => {
    const unknownIndexes = [{ label: "a" }, { label: "b" }, { label: "c" }];
    assert.match(
      eniCountWithinInstanceTypeLimit(
        "i",
        "t",
        { ...p4d, maxNetworkInterfaces: 2, networkCards: [{ index: 0, maxNetworkInterfaces: 2 }] },
        unknownIndexes,
      )[0],
      /has 3 network interfaces/,
    );
  });
});

describe("eniAddressesWithinInstanceTypeLimit and eniSameAzAsInstance", () => {
  it("accept requests at the limit and refuse one more", () => {
    assert.deepEqual(eniAddressesWithinInstanceTypeLimit("p4d", p4d, { label: "e", ipv4Count: 50, ipv6Count: 50 }), []);
    assert.equal(
      eniAddressesWithinInstanceTypeLimit("p4d", p4d, { label: "e", ipv4Count: 51, ipv6Count: 51 }).length,
      2,
    );
  });
  it("report only the interfaces outside the instance's zone", () => {
    const problems = eniSameAzAsInstance("i", "us-east-1a", [
      { label: "a", subnetId: "s1", availabilityZone: "us-east-1a" },
      { label: "b", subnetId: "s2", availabilityZone: "us-east-1c" },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /network interface b is in subnet s2 \(us-east-1c\)/);
  });
});

describe("largestInstanceTypeLimits", () => {
  it("is the maximum over every type of the instance-type table, so no request above it can ever be met", () => {
    const table = instanceNetworkLimitsTable();
    const max = (field: "maxNetworkInterfaces" | "ipv4AddressesPerInterface" | "ipv6AddressesPerInterface") =>
      Math.max(...Object.values(table).map((t) => t[field]));
    assert.deepEqual(largestInstanceTypeLimits, {
      maxNetworkInterfaces: max("maxNetworkInterfaces"),
      ipv4AddressesPerInterface: max("ipv4AddressesPerInterface"),
      ipv6AddressesPerInterface: max("ipv6AddressesPerInterface"),
    });
  });
});

describe("eniAddressInSubnet", () => {
  it("has nothing to check without written-out addresses or without an IPv4 block to compare with", () => {
    const eni = { label: "eth1", where: "secondaryInterfaces[0].privateIpAddresses", subnetId: "subnet-1" };
    assert.deepEqual(eniAddressInSubnet({ ...eni, addresses: [], subnetCidr: undefined as unknown as string }), []);
    assert.deepEqual(
      eniAddressInSubnet({ ...eni, addresses: ["10.0.1.20"], subnetCidr: undefined as unknown as string }),
      [],
    );
    assert.match(
      eniAddressInSubnet({ ...eni, addresses: ["10.0.2.20"], subnetCidr: "10.0.1.0/24" })[0],
      /^eni-address-in-subnet: /,
    );
  });
});
