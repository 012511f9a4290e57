// The resources 20 DualHomedServers declare with the dev stack's settings, declared one by one in
// TypeScript without the component (and without its checks), for `npm run bench:engine`: the same
// resources as the YAML baseline, through the same Node.js runtime as the component.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const subnetId = config.require("subnetId");
const vpcId = config.require("vpcId");
const servers = config.requireNumber("servers");

function plainServer(i: number): pulumi.Output<string>[] {
  const r = (name: string) => `web${i}-${name}`;
  const interfaces = ["eth0", "eth1"].map((eth) => {
    const securityGroup = new aws.ec2.SecurityGroup(r(`${eth}-sg`), { vpcId });
    const networkInterface = new aws.ec2.NetworkInterface(r(eth), { subnetId, securityGroups: [securityGroup.id] });
    const eip = new aws.ec2.Eip(r(`${eth}-ip0-eip`), { domain: "vpc" });
    new aws.ec2.EipAssociation(r(`${eth}-ip0-eip-association`), {
      allocationId: eip.allocationId,
      networkInterfaceId: networkInterface.id,
      privateIpAddress: networkInterface.privateIp,
    });
    return { securityGroup, networkInterface, eip };
  });
  const [eth0, eth1] = interfaces;
  new aws.vpc.SecurityGroupEgressRule(r("eth0-egress-all"), {
    securityGroupId: eth0.securityGroup.id,
    ipProtocol: "-1",
    cidrIpv4: "0.0.0.0/0",
  });
  new aws.vpc.SecurityGroupIngressRule(r("eth0-ingress-http"), {
    securityGroupId: eth0.securityGroup.id,
    ipProtocol: "tcp",
    fromPort: 80,
    toPort: 80,
    cidrIpv4: "0.0.0.0/0",
  });
  const instance = new aws.ec2.Instance(r("instance"), {
    ami: "ami-12c6146b",
    instanceType: "t2.micro",
    primaryNetworkInterface: { networkInterfaceId: eth0.networkInterface.id },
  });
  new aws.ec2.NetworkInterfaceAttachment(r("eth1-attachment"), {
    instanceId: instance.id,
    networkInterfaceId: eth1.networkInterface.id,
    deviceIndex: 1,
  });
  return interfaces.map((eni) => pulumi.interpolate`http://${eni.eip.publicIp}/`);
}

export const urls = Array.from({ length: servers }, (_, i) => plainServer(i));
