// Subnets created in the same program: their ids and zones are unknown during the first preview, so
// the component cannot look them up and the policy pack is what stops a cross-zone interface.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DualHomedServer } from "dual-homed-server";

const config = new pulumi.Config();
const vpcId = config.require("vpcId");
const secondaryZone = config.require("secondaryZone");

const primary = new aws.ec2.Subnet("primary", { vpcId, cidrBlock: "10.0.101.0/24", availabilityZone: "us-east-1a" });
const secondary = new aws.ec2.Subnet("secondary", {
  vpcId,
  cidrBlock: "10.0.102.0/24",
  availabilityZone: secondaryZone,
});

const server = new DualHomedServer("web", {
  subnetId: primary.id,
  instanceType: "t3.micro",
  // moto has no Amazon Linux 2023 image; this one stands for one.
  ami: "ami-12c6146b",
  osFamily: "amazon-linux-2023",
  secondaryInterfaces: [{ subnetId: secondary.id }],
});

export const urls = server.urls;
