// The stack `pulumi up` deploys: one DualHomedServer configured from stack config.
import * as pulumi from "@pulumi/pulumi";
import {
  DualHomedServer,
  type AdoptionArgs,
  type FailoverHealthCheckArgs,
  type FailoverNotificationsArgs,
  type InstanceRoleArgs,
  type RootVolumeArgs,
  type SecondaryInterfaceArgs,
} from "dual-homed-server";

const config = new pulumi.Config();

const server = new DualHomedServer("web", {
  subnetId: config.require("subnetId"),
  secondaryInterfaces: config.getObject<SecondaryInterfaceArgs[]>("secondaryInterfaces"),
  instanceType: config.get("instanceType"),
  ami: config.get("ami"),
  osFamily: config.get("osFamily"),
  followLatestAmi: config.getBoolean("followLatestAmi"),
  httpIngressCidrs: config.getObject<string[]>("httpIngressCidrs"),
  sshIngressCidrs: config.getObject<string[]>("sshIngressCidrs"),
  ipv6AddressCount: config.getNumber("ipv6AddressCount"),
  keyName: config.get("keyName"),
  indexHtml: config.get("indexHtml"),
  tags: config.getObject<Record<string, string>>("tags"),
  standby: config.getBoolean("standby"),
  standbySubnetId: config.get("standbySubnetId"),
  standbyHoldsInterfaces: config.getBoolean("standbyHoldsInterfaces"),
  failover: config.getBoolean("failover"),
  failoverHealthCheck: config.getObject<FailoverHealthCheckArgs>("failoverHealthCheck"),
  failoverConfirmation: config.get<"ec2-status" | "none">("failoverConfirmation"),
  failoverFencing: config.getBoolean("failoverFencing"),
  failoverNotifications: config.getObject<FailoverNotificationsArgs>("failoverNotifications"),
  instanceProfileName: config.get("instanceProfileName"),
  instanceRole: config.getObject<InstanceRoleArgs>("instanceRole"),
  securityGroupIds: config.getObject<string[]>("securityGroupIds"),
  maxSecurityGroupsPerInterface: config.getNumber("maxSecurityGroupsPerInterface"),
  rootVolume: config.getObject<RootVolumeArgs>("rootVolume"),
  monitoring: config.getBoolean("monitoring"),
  terminationProtection: config.getBoolean("terminationProtection"),
  stopProtection: config.getBoolean("stopProtection"),
  bootScript: config.get("bootScript"),
  placementGroupName: config.get("placementGroupName"),
  spreadPlacement: config.getBoolean("spreadPlacement"),
  adopt: config.getObject<AdoptionArgs>("adopt"),
});

export const instanceId = server.instanceId;
export const availabilityZone = server.availabilityZone;
export const interfaces = server.interfaces;
export const publicIps = server.publicIps;
export const urls = server.urls;
export const standbyInstanceId = server.standbyInstanceId;
export const standbyInterfaces = server.standbyInterfaces;
export const secondaryInterfacesInstanceId = server.secondaryInterfacesInstanceId;
export const instanceProfileName = server.instanceProfileName;
export const standbyInstanceProfileName = server.standbyInstanceProfileName;
export const failoverTopicArn = server.failoverTopicArn;
