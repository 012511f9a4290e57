import * as assert from "node:assert/strict";
import { awsTypes } from "dual-homed-server-rules";
import { eipBoundToInterfaceAddress } from "dual-homed-server-policies/policies";
import { runStackPolicy, unknownValue, type StackResourceSpec } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { eni, serverWithAttachments, subnet } from "./stacks";

const policy = eipBoundToInterfaceAddress;

function association(name: string, props: Record<string, unknown>, deps: Record<string, string[]>): StackResourceSpec {
  return {
    type: awsTypes.eipAssociation,
    name,
    props: { allocationId: unknownValue.string, ...props },
    propertyDependencies: deps,
  };
}

describe("eip-bound-to-interface-address", () => {
  it("is mandatory by default", () => {
    assert.equal(policy.enforcementLevel, "mandatory");
  });

  it("passes an association naming the interface and one of its private addresses", async () => {
    const stack = [
      subnet("net-a", "us-east-1a"),
      eni("eth1", "net-a", { privateIpsCount: 1 }),
      association(
        "assoc",
        { networkInterfaceId: unknownValue.string, privateIpAddress: unknownValue.string },
        { networkInterfaceId: ["eth1"], privateIpAddress: ["eth1"] },
      ),
    ];
    assert.deepEqual(await runStackPolicy(policy, stack), []);
  });

  it("reports an Elastic IP naming an instance that has two interfaces", async () => {
    const stack = [
      ...serverWithAttachments("web", "t3.micro", 1),
      {
        type: awsTypes.eip,
        name: "web-eip",
        props: { domain: "vpc", instance: unknownValue.string },
        propertyDependencies: { instance: ["web"] },
      },
    ];
    const violation = onlyViolation(await runStackPolicy(policy, stack));
    assert.equal(violation.resource, "web-eip");
    assert.match(
      violation.message,
      /eip-bound-to-interface-address: Elastic IP "web-eip" names instance "web", which has 2 network interfaces; the association is ambiguous/,
    );
  });

  it("passes an Elastic IP naming a single-interface instance with one address", async () => {
    const stack = [
      ...serverWithAttachments("web", "t3.micro", 0),
      {
        type: awsTypes.eip,
        name: "web-eip",
        props: { domain: "vpc", instance: unknownValue.string },
        propertyDependencies: { instance: ["web"] },
      },
    ];
    assert.deepEqual(await runStackPolicy(policy, stack), []);
  });

  it("reports an association to an interface with several addresses that names none", async () => {
    const stack = [
      subnet("net-a", "us-east-1a"),
      eni("eth1", "net-a", { privateIpsCount: 2 }),
      association("assoc", { networkInterfaceId: unknownValue.string }, { networkInterfaceId: ["eth1"] }),
    ];
    const violation = onlyViolation(await runStackPolicy(policy, stack));
    assert.match(
      violation.message,
      /Elastic IP association "assoc" binds to network interface "eth1", which has 3 private IPv4 addresses, without naming one/,
    );
  });

  it("reports a binding that names both an instance and an interface", async () => {
    const stack = [
      ...serverWithAttachments("web", "t3.micro", 1),
      association(
        "assoc",
        { instanceId: unknownValue.string, networkInterfaceId: unknownValue.string },
        { instanceId: ["web"], networkInterfaceId: ["web-eth1"] },
      ),
    ];
    const violation = onlyViolation(await runStackPolicy(policy, stack));
    assert.match(violation.message, /"assoc" names both an instance and a network interface/);
  });

  it("reports an association to an instance outside the stack as unverifiable", async () => {
    const violation = onlyViolation(await runStackPolicy(policy, [association("assoc", { instanceId: "i-0123" }, {})]));
    assert.match(
      violation.message,
      /could not verify what Elastic IP association "assoc" binds to: i-0123 is not a resource of this stack/,
    );
  });

  describe("the private address named is one the interface has", () => {
    const withAddresses = () => [
      subnet("net-a", "us-east-1a"),
      eni("eth1", "net-a", { privateIps: ["10.0.0.10", "10.0.0.11"] }),
    ];

    it("passes an association naming one of the interface's declared addresses", async () => {
      const stack = [
        ...withAddresses(),
        association(
          "assoc",
          { networkInterfaceId: unknownValue.string, privateIpAddress: "10.0.0.11" },
          { networkInterfaceId: ["eth1"] },
        ),
      ];
      assert.deepEqual(await runStackPolicy(policy, stack), []);
    });

    it("reports an association naming an address the interface does not have", async () => {
      const stack = [
        ...withAddresses(),
        association(
          "assoc",
          { networkInterfaceId: unknownValue.string, privateIpAddress: "10.0.0.99" },
          { networkInterfaceId: ["eth1"] },
        ),
      ];
      const violation = onlyViolation(await runStackPolicy(policy, stack));
      assert.match(
        violation.message,
        /eip-bound-to-interface-address: Elastic IP association "assoc" names private address 10\.0\.0\.99, which network interface "eth1" does not have \(it has 10\.0\.0\.10, 10\.0\.0\.11\)/,
      );
    });

    it("reports an Elastic IP's associateWithPrivateIp that the interface does not have", async () => {
      const stack = [
        ...withAddresses(),
        {
          type: awsTypes.eip,
          name: "eip",
          props: { domain: "vpc", networkInterface: unknownValue.string, associateWithPrivateIp: "10.0.0.12" },
          propertyDependencies: { networkInterface: ["eth1"] },
        },
      ];
      const violation = onlyViolation(await runStackPolicy(policy, stack));
      assert.match(
        violation.message,
        /Elastic IP "eip" names private address 10\.0\.0\.12, which network interface "eth1" does not have/,
      );
    });

    it("reports a literal address on an interface whose addresses AWS assigns at creation as unverifiable", async () => {
      const stack = [
        subnet("net-a", "us-east-1a"),
        eni("eth1", "net-a", { privateIpsCount: 1 }),
        association(
          "assoc",
          { networkInterfaceId: unknownValue.string, privateIpAddress: "10.0.0.5" },
          { networkInterfaceId: ["eth1"] },
        ),
      ];
      const violation = onlyViolation(await runStackPolicy(policy, stack));
      assert.match(
        violation.message,
        /could not verify .*gets its addresses from AWS at creation, so no address can be checked before then/,
      );
    });

    it("reports an unknown address computed from another resource as unverifiable", async () => {
      const stack = [
        subnet("net-a", "us-east-1a"),
        eni("eth1", "net-a", { privateIpsCount: 1 }),
        eni("eth2", "net-a", { privateIpsCount: 1 }),
        association(
          "assoc",
          { networkInterfaceId: unknownValue.string, privateIpAddress: unknownValue.string },
          { networkInterfaceId: ["eth1"], privateIpAddress: ["eth2"] },
        ),
      ];
      const violation = onlyViolation(await runStackPolicy(policy, stack));
      assert.match(
        violation.message,
        /could not verify what Elastic IP association "assoc" binds to: privateIpAddress .* is not known until the resource is created/,
      );
    });
  });
});
