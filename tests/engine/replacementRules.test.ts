// The stand-in AWS provider's table of replacing inputs (TEST DOUBLE data), read as the provider
// defines it: every entry cites its source, and the changes the component makes land as documented.
import { awsTypes } from "dual-homed-server-rules";
import * as assert from "node:assert/strict";
import { addressesUnassignedOnLowering } from "./standInAws/setOrder";
import { replacementsFor, replacingInputs } from "./standInAws/replacementRules";

describe("the stand-in AWS provider's replacement rules", () => {
  it("cite a source for every replacing input", () => {
    for (const [type, inputs] of Object.entries(replacingInputs)) {
      for (const [input, source] of Object.entries(inputs)) {
        assert.match(source, /provider schema|registry/, `${type}.${input}`);
      }
    }
  });
  it("replace an instance on a new AMI and update it in place on a new instance type", () => {
    const instance = awsTypes.instance;
    assert.deepEqual(replacementsFor(instance, ["ami"], {}), ["ami"]);
    assert.deepEqual(replacementsFor(instance, ["instanceType", "tags"], {}), []);
  });
  it("replace an instance on new user data only with userDataReplaceOnChange", () => {
    const instance = awsTypes.instance;
    assert.deepEqual(replacementsFor(instance, ["userData"], { userDataReplaceOnChange: true }), ["userData"]);
    assert.deepEqual(replacementsFor(instance, ["userData"], {}), []);
  });
  it("update an interface's address count and groups in place, and replace it on a new subnet", () => {
    const eni = awsTypes.networkInterface;
    assert.deepEqual(replacementsFor(eni, ["privateIpsCount", "securityGroups"], {}), []);
    assert.deepEqual(replacementsFor(eni, ["subnetId"], {}), ["subnetId"]);
  });
  it("replace attachments and Elastic IP associations on any change", () => {
    assert.deepEqual(replacementsFor(awsTypes.attachment, ["instanceId"], {}), ["instanceId"]);
    assert.deepEqual(replacementsFor(awsTypes.eipAssociation, ["privateIpAddress"], {}), ["privateIpAddress"]);
  });
  it("unassign, on a lowered count, the first addresses of the provider's set order, not the last assigned", () => {
    const secondaries = ["10.0.1.34", "10.0.1.33", "10.0.1.247", "10.0.1.159"];
    const dropped = addressesUnassignedOnLowering(secondaries, 2);
    assert.equal(dropped.length, 2);
    assert.ok(dropped.every((ip) => secondaries.includes(ip)));
    assert.deepEqual(addressesUnassignedOnLowering([...secondaries].reverse(), 2), dropped);
  });
});
