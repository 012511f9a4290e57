import * as assert from "node:assert/strict";
import { compare, holderDisagreement } from "../../scripts/verify/compare";
import type { ObservedTopology } from "../../scripts/verify/ec2Topology";
import type { ServerOutputs } from "../../scripts/verify/stackOutputs";

describe("comparing probe outcomes with the security groups", () => {
  const outputs: ServerOutputs = {
    instanceId: "i-1",
    availabilityZone: "us-east-1a",
    interfaces: [
      {
        deviceIndex: 0,
        networkInterfaceId: "eni-0",
        securityGroupId: "sg-0",
        securityGroupIds: ["sg-0", "sg-ops"],
        networkCardIndex: 0,
        privateIps: ["10.0.1.5"],
        publicIps: ["192.0.2.10"],
        allowsHttp: true,
        httpSources: ["0.0.0.0/0"],
        ipv6Addresses: [],
        ipv6HttpSources: [],
      },
      {
        deviceIndex: 1,
        networkInterfaceId: "eni-1",
        securityGroupId: "sg-1",
        securityGroupIds: ["sg-1"],
        networkCardIndex: 0,
        privateIps: ["10.0.1.6"],
        publicIps: ["192.0.2.11"],
        allowsHttp: false,
        httpSources: [],
        ipv6Addresses: [],
        ipv6HttpSources: [],
      },
    ],
  };
  const topology: ObservedTopology = {
    instanceAz: "us-east-1a",
    instanceProfiles: [""],
    attached: [
      { id: "eni-0", instanceId: outputs.instanceId, deviceIndex: 0 },
      { id: "eni-1", instanceId: outputs.instanceId, deviceIndex: 1 },
    ],
    interfaces: new Map(
      outputs.interfaces.map((i) => [
        i.networkInterfaceId,
        {
          id: i.networkInterfaceId,
          attachedInstanceId: "i-1",
          deviceIndex: i.deviceIndex,
          subnetId: "subnet-1",
          availabilityZone: "us-east-1a",
          securityGroupIds: [...i.securityGroupIds].reverse(),
          privateIps: i.privateIps,
          ipv6Addresses: i.ipv6Addresses,
        },
      ]),
    ),
    addresses: new Map(
      outputs.interfaces.map((i) => [
        i.publicIps[0],
        { publicIp: i.publicIps[0], networkInterfaceId: i.networkInterfaceId, privateIpAddress: i.privateIps[0] },
      ]),
    ),
  };

  it("passes the page where port 80 is open and a refused or dropped connection where it is not", () => {
    for (const blocked of ["refused", "timeout"] as const) {
      const rows = compare(
        outputs,
        topology,
        new Map([
          ["192.0.2.10", "page"],
          ["192.0.2.11", blocked],
        ]),
      );
      assert.deepEqual(
        rows.map((r) => [r.expected, r.observed, r.ok]),
        [
          ["page", "page", true],
          ["blocked", blocked, true],
        ],
      );
    }
  });

  it("fails a closed address that serves the page and an open one that does not answer", () => {
    const rows = compare(
      outputs,
      topology,
      new Map([
        ["192.0.2.10", "timeout"],
        ["192.0.2.11", "page"],
      ]),
    );
    assert.deepEqual(
      rows.map((r) => r.reasons),
      [["expected page, got timeout"], ["expected blocked, got page"]],
    );
  });

  it("expects the page only where port 80 is open to anyone, and accepts either outcome where it is open to some networks", () => {
    const narrow: ServerOutputs = {
      ...outputs,
      interfaces: [{ ...outputs.interfaces[0], httpSources: ["203.0.113.0/24"] }, outputs.interfaces[1]],
    };
    for (const outcome of ["page", "timeout"] as const) {
      const [row] = compare(narrow, topology, new Map([["192.0.2.10", outcome]]));
      assert.equal(row.expected, "page from 203.0.113.0/24");
      assert.equal(row.ok, true, row.reasons.join("; "));
    }
  });

  it("checks each IPv6 address on its interface and expects the page where port 80 is open to ::/0", () => {
    const withIpv6: ServerOutputs = {
      ...outputs,
      interfaces: [
        outputs.interfaces[0],
        { ...outputs.interfaces[1], ipv6Addresses: ["2001:db8::10", "2001:db8::11"], ipv6HttpSources: ["::/0"] },
      ],
    };
    const observed = {
      ...topology,
      interfaces: new Map(
        [...topology.interfaces].map(([id, eni]) => [
          id,
          id === outputs.interfaces[1].networkInterfaceId ? { ...eni, ipv6Addresses: ["2001:db8::10"] } : eni,
        ]),
      ),
    };
    const rows = compare(withIpv6, observed, new Map([["2001:db8::10", "page"]])).filter((r) =>
      r.privateIp.includes(":"),
    );
    assert.deepEqual(
      rows.map((r) => [r.publicIp, r.expected, r.observed, r.ok]),
      [
        ["2001:db8::10", "page", "page", true],
        ["2001:db8::11", "page", "not probed", false],
      ],
    );
    assert.match(rows[1].reasons[0], /IPv6 address 2001:db8::11 is not on eni-1 \(it has 2001:db8::10\)/);
  });

  it("passes an interface holding exactly its own group and yours, in any order, and shows them all", () => {
    const rows = compare(outputs, topology, undefined);
    assert.deepEqual(
      rows.map((r) => [r.securityGroup, r.ok]),
      [
        ["sg-0, sg-ops", true],
        ["sg-1", true],
      ],
    );
  });

  it("fails an interface missing one of your groups, naming what it has and what the stack says", () => {
    const eni0 = topology.interfaces.get("eni-0")!;
    const missing = {
      ...topology,
      interfaces: new Map(topology.interfaces).set("eni-0", { ...eni0, securityGroupIds: ["sg-0"] }),
    };
    const [row] = compare(outputs, missing, undefined);
    assert.equal(row.ok, false);
    assert.deepEqual(row.reasons, ["security groups sg-0, expected sg-0, sg-ops"]);
  });

  it("fails an instance launched with another instance profile than the stack's", () => {
    const rows = compare({ ...outputs, instanceProfileName: "web-instance-profile" }, topology, undefined);
    assert.deepEqual(rows[0].reasons, ["the instance has instance profile none, the stack says web-instance-profile"]);
    const same = compare(
      { ...outputs, instanceProfileName: "web-instance-profile" },
      { ...topology, instanceProfiles: ["web-instance-profile"] },
      undefined,
    );
    assert.ok(
      same.every((r) => r.ok),
      JSON.stringify(same),
    );
  });

  describe("with a standby", () => {
    const withStandby: ServerOutputs = {
      ...outputs,
      standbyInstanceId: "i-2",
      standbyInterfaces: [
        {
          ...outputs.interfaces[0],
          networkInterfaceId: "eni-s0",
          securityGroupIds: ["sg-s0"],
          securityGroupId: "sg-s0",
          publicIps: [],
        },
      ],
      secondaryInterfacesInstanceId: "i-1",
      instanceProfileName: "",
      standbyInstanceProfileName: "web-standby-instance-profile",
    };
    const at = (holder: string): ObservedTopology => ({
      ...topology,
      instanceProfiles: ["", "web-standby-instance-profile"],
      standbyAz: "us-east-1a",
      interfaces: new Map(topology.interfaces)
        .set("eni-1", { ...topology.interfaces.get("eni-1")!, attachedInstanceId: holder })
        .set("eni-s0", {
          ...topology.interfaces.get("eni-0")!,
          id: "eni-s0",
          attachedInstanceId: "i-2",
          securityGroupIds: ["sg-s0"],
        }),
    });

    it("expects the standby's own instance profile (failover) on the standby", () => {
      const rows = compare(withStandby, at("i-1"), undefined);
      assert.ok(
        rows.every((r) => r.ok),
        JSON.stringify(rows),
      );
      assert.equal(holderDisagreement(withStandby, at("i-1")), undefined);
      const wrong = compare(withStandby, { ...at("i-1"), instanceProfiles: ["", ""] }, undefined);
      assert.deepEqual(wrong.find((r) => r.instance === "i-2")?.reasons, [
        "the standby has instance profile none, the stack says web-standby-instance-profile",
      ]);
    });

    it("says a secondary interface on the standby the stack does not record was moved outside the stack", () => {
      const rows = compare(withStandby, at("i-2"), undefined);
      assert.deepEqual(rows.find((r) => r.interface === "eni-1")?.reasons, [
        "attached to i-2 (the standby), not i-1 (the instance) as the stack says: moved outside the stack (by the failover monitor, or by hand)",
      ]);
      assert.deepEqual(holderDisagreement(withStandby, at("i-2")), { interfaces: ["eth1"], heldBy: "the standby" });
    });

    it("passes once the stack records the takeover (the standby holds the secondary interfaces)", () => {
      const recorded = { ...withStandby, secondaryInterfacesInstanceId: "i-2" };
      const rows = compare(recorded, at("i-2"), undefined);
      assert.ok(
        rows.every((r) => r.ok),
        JSON.stringify(rows),
      );
      assert.equal(holderDisagreement(recorded, at("i-2")), undefined);
    });
  });
});
