// Two servers in two subnets of one Availability Zone. "app" has three interfaces: eth1 carries
// two extra private addresses (three Elastic IPs) and allows HTTPS from the VPC; eth2 is an
// internal routing leg with no public address.
import * as pulumi from "@pulumi/pulumi";
import { DualHomedServer } from "dual-homed-server";

const config = new pulumi.Config();
const subnetA = config.require("subnetA");
const subnetB = config.require("subnetB");

const web = new DualHomedServer("web", { subnetId: subnetA, indexHtml: "<h1>web</h1>\n" });

const app = new DualHomedServer("app", {
  subnetId: subnetB,
  instanceType: "t3.large",
  indexHtml: "<h1>app</h1>\n",
  secondaryInterfaces: [
    {
      subnetId: subnetA,
      secondaryPrivateIpCount: 2,
      ingress: [{ fromPort: 80, cidrBlocks: ["0.0.0.0/0"], description: "HTTP on every eth1 address" }],
    },
    { subnetId: subnetB, elasticIps: false, sourceDestCheck: false, description: "routing leg" },
  ],
});

export const webUrls = web.urls;
export const appUrls = app.urls;
export const urls = pulumi.all([web.urls, app.urls]).apply(([a, b]) => [...a, ...b]);
