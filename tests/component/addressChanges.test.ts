import * as assert from "node:assert/strict";
import { addressChangeProblems, addressesInState } from "../../components/checks/addressChanges";
import { planInterfaces } from "../../components/plan/interfacePlan";

const eth1 = (secondary: { secondaryPrivateIpCount?: number; privateIpAddresses?: string[] }) =>
  planInterfaces("web", { subnetId: "subnet-a1", secondaryInterfaces: [secondary] })[1];

describe("Address changes an update may make to an existing interface", () => {
  const held = ["10.0.2.10", "10.0.2.11", "10.0.2.12", "10.0.2.13"];

  it("allows raising or keeping a count", () => {
    assert.deepEqual(addressChangeProblems(eth1({ secondaryPrivateIpCount: 3 }), "eni-1", held), []);
    assert.deepEqual(addressChangeProblems(eth1({ secondaryPrivateIpCount: 5 }), "eni-1", held), []);
  });

  it("refuses lowering a count, suggesting the first addresses in EC2's order to write out", () => {
    const [problem, ...rest] = addressChangeProblems(eth1({ secondaryPrivateIpCount: 1 }), "eni-1", held);
    assert.deepEqual(rest, []);
    assert.match(
      problem,
      /^eip-stays-on-its-address: secondaryInterfaces\[0\]\.secondaryPrivateIpCount would go from 3 to 1 on eth1 \(eni-1\)/,
    );
    assert.ok(problem.includes('privateIpAddresses: ["10.0.2.10","10.0.2.11"]'), problem);
    assert.ok(problem.includes("it holds 10.0.2.10, 10.0.2.11, 10.0.2.12, 10.0.2.13 now"), problem);
  });

  it("allows any written-out list that keeps the primary address, and refuses one that drops it", () => {
    assert.deepEqual(
      addressChangeProblems(eth1({ privateIpAddresses: ["10.0.2.12", "10.0.2.10"] }), "eni-1", held),
      [],
    );
    const problems = addressChangeProblems(eth1({ privateIpAddresses: ["10.0.2.11"] }), "eni-1", held);
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /^eni-primary-address-kept: .* leaves out "10\.0\.2\.10", the primary private address of eth1 \(eni-1\)/,
    );
  });

  it("reads the addresses from the interface's state primary first, whatever the list's order", () => {
    assert.deepEqual(addressesInState({ privateIp: "10.0.2.11", privateIpLists: ["10.0.2.10", "10.0.2.11"] }), [
      "10.0.2.11",
      "10.0.2.10",
    ]);
    assert.deepEqual(addressesInState(undefined), []);
  });

  it("lets a switch from a count to written-out addresses list only what the interface holds, in EC2's order", () => {
    assert.deepEqual(addressChangeProblems(eth1({ privateIpAddresses: [...held] }), "eni-1", held, false), []);
    for (const list of [[...held].reverse(), held.slice(0, 2)]) {
      const [problem] = addressChangeProblems(eth1({ privateIpAddresses: list }), "eni-1", held, false);
      assert.match(problem, /^eip-stays-on-its-address: .* in the update that replaces secondaryPrivateIpCount/);
      assert.ok(problem.includes(`in this order: privateIpAddresses: ${JSON.stringify(held)}`), problem);
    }
    // Once written out, a later update may drop or reorder them.
    assert.deepEqual(addressChangeProblems(eth1({ privateIpAddresses: held.slice(0, 2) }), "eni-1", held, true), []);
    assert.deepEqual(addressChangeProblems(eth1({ privateIpAddresses: [...held].reverse() }), "eni-1", held, true), []);
  });
});
