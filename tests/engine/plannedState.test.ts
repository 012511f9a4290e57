// The stand-in AWS provider's preview of a create and of an update (TEST DOUBLE logic), read against
// the AWS provider's schema defaults and its `ComputedIf` rules for network interfaces
// (ec2/vpc_network_interface.go, ResourceNetworkInterface CustomizeDiff): what a plan knows and what it cannot.
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { withDefaults } from "./standInAws/inputKinds";
import { plannedState, unknownValue } from "./standInAws/plannedState";

const eni = awsTypes.networkInterface;
const current = {
  id: "eni-1",
  privateIp: "10.0.1.10",
  privateIpLists: ["10.0.1.10", "10.0.1.11"],
  privateIps: ["10.0.1.11", "10.0.1.10"],
  privateIpsCount: 1,
  ipv6AddressCount: 0,
  ipv6Addresses: [],
  ipv6AddressLists: [],
  tags: { Name: "web-eth1" },
};

describe("the stand-in AWS provider's planned state", () => {
  it("fills the schema's defaults in as known values on a create (the provider's Check)", () => {
    assert.deepEqual(withDefaults(eni, { subnetId: "subnet-1" }), {
      subnetId: "subnet-1",
      sourceDestCheck: true,
      privateIpListEnabled: false,
      ipv6AddressListEnabled: false,
    });
    assert.equal(withDefaults(eni, { sourceDestCheck: false }).sourceDestCheck, false);
    assert.equal(withDefaults(awsTypes.instance, {}).userDataReplaceOnChange, false);
    assert.equal(withDefaults(awsTypes.securityGroup, {}).revokeRulesOnDelete, false);
    assert.equal(withDefaults(awsTypes.securityGroup, {}).description, "Managed by Pulumi");
  });
  it("keeps what does not change and takes the new inputs", () => {
    const planned = plannedState(
      awsTypes.eip,
      { allocationId: "eipalloc-1", domain: "vpc", tags: { Name: "a" } },
      { tags: { Name: "b" } },
    );
    assert.deepEqual(planned, { allocationId: "eipalloc-1", domain: "vpc", tags: { Name: "b" } });
  });
  it("plans an input taken out of the program back to its default or null", () => {
    const planned = plannedState(eni, { ...current, description: "x", sourceDestCheck: false }, { subnetId: "s" });
    assert.equal(planned.sourceDestCheck, true);
    assert.equal(planned.description, undefined);
    assert.deepEqual(planned.privateIps, current.privateIps);
  });
  it("leaves an interface's address lists unknown while its count changes, and its primary known", () => {
    const planned = plannedState(eni, current, { privateIpsCount: 3 });
    assert.equal(planned.privateIpLists, unknownValue);
    assert.equal(planned.privateIps, unknownValue);
    assert.equal(planned.privateIp, "10.0.1.10");
  });
  it("keeps the written-out set as given, and leaves the ordered list and the count unknown on a swap", () => {
    const planned = plannedState(eni, current, { privateIps: ["10.0.1.10", "10.0.1.12"], privateIpsCount: 1 });
    assert.deepEqual(planned.privateIps, ["10.0.1.10", "10.0.1.12"]);
    assert.equal(planned.privateIpLists, unknownValue);
    // ComputedIf("private_ips_count"): the set changes and the count does not.
    assert.equal(planned.privateIpsCount, unknownValue);
  });
  it("changes nothing known when the written-out set is the one held, in another order", () => {
    const planned = plannedState(eni, current, { privateIps: ["10.0.1.11", "10.0.1.10"], privateIpsCount: 1 });
    assert.deepEqual(planned.privateIpLists, current.privateIpLists);
    assert.equal(planned.privateIpsCount, 1);
  });
  it("keeps the IPv6 set known when it changes count in the same update as the written-out IPv4 set", () => {
    // ComputedIf("ipv6_addresses") tests HasChange("private_ips"): only the ordered IPv6 list is unknown.
    const together = plannedState(eni, current, {
      privateIps: ["10.0.1.10", "10.0.1.12", "10.0.1.13"],
      privateIpsCount: 2,
      ipv6AddressCount: 1,
    });
    assert.deepEqual(together.ipv6Addresses, []);
    assert.equal(together.ipv6AddressLists, unknownValue);
    const alone = plannedState(eni, current, { ipv6AddressCount: 1 });
    assert.equal(alone.ipv6Addresses, unknownValue);
    assert.equal(alone.ipv6AddressLists, unknownValue);
  });
});
