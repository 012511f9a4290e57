import * as assert from "node:assert/strict";
import { eniAddressesWithinInstanceTypeLimit } from "dual-homed-server-policies/policies";
import { runStackPolicy, unknownValue } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { attachment, eni, instance, subnet } from "./stacks";

const policy = eniAddressesWithinInstanceTypeLimit;

function withEth1(
  instanceType: string,
  eth1Props: Record<string, unknown>,
  instanceProps: Record<string, unknown> = {},
) {
  return [
    subnet("net-a", "us-east-1a"),
    instance("web", instanceType, { subnet: "net-a" }, instanceProps),
    eni("eth1", "net-a", eth1Props),
    attachment("eth1-att", "web", "eth1", 1),
  ];
}

const noIpv6Type = {
  "old.small": {
    maxNetworkInterfaces: 2,
    ipv4AddressesPerInterface: 4,
    ipv6AddressesPerInterface: 0,
    ipv6Supported: false,
    networkCards: [{ index: 0, maxNetworkInterfaces: 2 }],
  },
};

describe("eni-addresses-within-instance-type-limit", () => {
  it("is mandatory by default", () => {
    assert.equal(policy.enforcementLevel, "mandatory");
  });

  it("passes two private addresses per interface on a t3.micro", async () => {
    assert.deepEqual(
      await runStackPolicy(
        policy,
        withEth1("t3.micro", { privateIpsCount: 1 }, { secondaryPrivateIps: ["10.0.0.20"] }),
      ),
      [],
    );
  });

  it("reports privateIpsCount beyond the type's limit, counting the primary address", async () => {
    const violation = onlyViolation(await runStackPolicy(policy, withEth1("t3.micro", { privateIpsCount: 2 })));
    assert.equal(violation.resource, "eth1");
    assert.match(
      violation.message,
      /eni-addresses-within-instance-type-limit: network interface "eth1" asks for 3 private IPv4 addresses \(primary included\) but t3\.micro allows 2 per interface/,
    );
  });

  it("counts a privateIps list and an ordered privateIpLists", async () => {
    const fromSet = onlyViolation(
      await runStackPolicy(policy, withEth1("t3.micro", { privateIps: ["10.0.0.5", "10.0.0.6", "10.0.0.7"] })),
    );
    assert.match(fromSet.message, /asks for 3 private IPv4 addresses/);
    const fromList = onlyViolation(
      await runStackPolicy(
        policy,
        withEth1("t3.micro", {
          privateIpListEnabled: true,
          privateIpLists: ["10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.8"],
        }),
      ),
    );
    assert.match(fromList.message, /asks for 4 private IPv4 addresses/);
  });

  it("reports secondaryPrivateIps on an instance's own eth0", async () => {
    const violation = onlyViolation(
      await runStackPolicy(policy, withEth1("t3.micro", {}, { secondaryPrivateIps: ["10.0.0.20", "10.0.0.21"] })),
    );
    assert.equal(violation.resource, "web");
    assert.match(violation.message, /network interface eth0 of instance "web" asks for 3 private IPv4 addresses/);
  });

  it("reports IPv6 addresses beyond the type's limit", async () => {
    const violation = onlyViolation(await runStackPolicy(policy, withEth1("t3.micro", { ipv6AddressCount: 3 })));
    assert.match(
      violation.message,
      /network interface "eth1" asks for 3 IPv6 addresses but t3\.micro allows 2 per interface/,
    );
  });

  it("reports IPv6 on a type without IPv6", async () => {
    const violation = onlyViolation(
      await runStackPolicy(policy, withEth1("old.small", { ipv6Addresses: ["2001:db8::5"] }), {
        instanceTypeLimits: noIpv6Type,
      }),
    );
    assert.match(
      violation.message,
      /network interface "eth1" asks for 1 IPv6 address\(es\) but old\.small does not support IPv6/,
    );
  });

  it("reports an address count unknown during preview as unverifiable", async () => {
    const violation = onlyViolation(
      await runStackPolicy(policy, withEth1("t3.micro", { privateIpsCount: unknownValue.number })),
    );
    assert.match(
      violation.message,
      /could not verify the addresses of "eth1": privateIpsCount of network interface "eth1" is not known/,
    );
  });
});
