// The CrossGuard policy pack: `pulumi preview --policy-pack ./policies`.
import { PolicyPack } from "@pulumi/policy";
import { preloadEc2Library } from "./facts/subnetZones";
import { eniPolicies } from "./policies";

void preloadEc2Library();

new PolicyPack("dual-homed-server-eni", {
  description: "AWS network-interface rules checked before anything is created: zones, counts, addresses, Elastic IPs.",
  policies: eniPolicies,
});
