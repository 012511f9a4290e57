// The stand-in AWS provider's preview of an update (TEST DOUBLE logic), read against the AWS
// provider's `ComputedIf` rules for network interfaces: what a plan knows and what it cannot.
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { plannedState, unknownValue } from "./standInAws/plannedState";

const eni = awsTypes.networkInterface;
const current = {
  id: "eni-1",
  privateIp: "10.0.1.10",
  privateIpLists: ["10.0.1.10", "10.0.1.11"],
  privateIps: ["10.0.1.11", "10.0.1.10"],
  privateIpsCount: 1,
  tags: { Name: "web-eth1" },
};

describe("the stand-in AWS provider's planned state for an update", () => {
  it("keeps what does not change and takes the new inputs", () => {
    const planned = plannedState(
      awsTypes.eip,
      { allocationId: "eipalloc-1", tags: { Name: "a" } },
      { tags: { Name: "b" } },
    );
    assert.deepEqual(planned, { allocationId: "eipalloc-1", tags: { Name: "b" } });
  });
  it("leaves an interface's address lists unknown while its count changes, and its primary known", () => {
    const planned = plannedState(eni, current, { privateIpsCount: 3 });
    assert.equal(planned.privateIpLists, unknownValue);
    assert.equal(planned.privateIps, unknownValue);
    assert.equal(planned.privateIp, "10.0.1.10");
  });
  it("keeps the written-out set as given and leaves only the ordered list unknown when the set changes", () => {
    const planned = plannedState(eni, current, { privateIps: ["10.0.1.10", "10.0.1.12"], privateIpsCount: 1 });
    assert.deepEqual(planned.privateIps, ["10.0.1.10", "10.0.1.12"]);
    assert.equal(planned.privateIpLists, unknownValue);
  });
  it("changes nothing known when the written-out set is the one held, in another order", () => {
    const planned = plannedState(eni, current, { privateIps: ["10.0.1.11", "10.0.1.10"], privateIpsCount: 1 });
    assert.deepEqual(planned.privateIpLists, current.privateIpLists);
  });
});
