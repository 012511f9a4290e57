// 20 DualHomedServers with the dev stack's settings, for `npm run bench:engine`.
import * as pulumi from "@pulumi/pulumi";
import { DualHomedServer } from "dual-homed-server";

const config = new pulumi.Config();
const subnetId = config.require("subnetId");
const servers = config.requireNumber("servers");
const instanceType = config.get("instanceType") ?? "t2.micro";

export const urls = Array.from(
  { length: servers },
  (_, i) =>
    new DualHomedServer(`web${i}`, { subnetId, instanceType, ami: "ami-12c6146b", osFamily: "amazon-linux-2023" }).urls,
);
