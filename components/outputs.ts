import * as pulumi from "@pulumi/pulumi";
import type { InterfaceInfo } from "./args";
import type { BuiltInterface } from "./build/interfaceResources";
import type { CardSlot } from "./plan/networkCards";

/** What the component reports about one interface, as its `interfaces` output lists it. */
export function interfaceInfo(built: BuiltInterface, slot: pulumi.Input<CardSlot>): pulumi.Output<InterfaceInfo> {
  const { eni } = built;
  return pulumi
    .all([
      built.networkInterface.id,
      built.securityGroup.id,
      built.privateIps,
      pulumi.all(built.boundElasticIps.map((e) => pulumi.all([e.privateIp, e.eip.publicIp]))),
      built.ipv6Addresses,
      pulumi.output(slot),
      pulumi.output(eni.extraSecurityGroupIds),
    ])
    .apply(([networkInterfaceId, securityGroupId, privateIps, bound, ipv6Addresses, at, ownGroups]): InterfaceInfo => ({
      deviceIndex: at.deviceIndex,
      networkCardIndex: at.networkCardIndex,
      securityGroupIds: [securityGroupId, ...ownGroups],
      networkInterfaceId,
      securityGroupId,
      privateIps,
      // In the order of privateIps: with a count Elastic IP k is on address k; written-out
      // addresses are declared in the user's order, so each is matched to its own.
      publicIps: eni.privateIpAddresses
        ? privateIps.flatMap((ip) => bound.filter(([address]) => address === ip).map(([, publicIp]) => publicIp))
        : bound.map(([, publicIp]) => publicIp),
      allowsHttp: eni.allowsHttp,
      httpSources: eni.httpSources,
      ipv6Addresses,
      ipv6HttpSources: eni.ipv6HttpSources,
    }));
}

/** `http://<ip>/` at every address whose interface lets port 80 in from that address's family. */
export function urlsOf(interfaces: InterfaceInfo[]): string[] {
  return [
    ...interfaces.filter((eni) => eni.allowsHttp).flatMap((eni) => eni.publicIps.map((ip) => `http://${ip}/`)),
    ...interfaces
      .filter((eni) => eni.ipv6HttpSources.length > 0)
      .flatMap((eni) => eni.ipv6Addresses.map((ip) => `http://[${ip}]/`)),
  ];
}

/** The component's value outputs, as it registers them (and a stack exports them). */
export const valueOutputNames = [
  "instanceId",
  "availabilityZone",
  "interfaces",
  "standbyInstanceId",
  "standbyInterfaces",
  "secondaryInterfacesInstanceId",
  "instanceProfileName",
  "standbyInstanceProfileName",
  "failoverTopicArn",
  "publicIps",
  "urls",
] as const;

/** The value outputs of a server, by name, for `registerOutputs`. */
export function valueOutputs(
  server: Record<(typeof valueOutputNames)[number], pulumi.Output<unknown>>,
): Record<string, pulumi.Output<unknown>> {
  return Object.fromEntries(valueOutputNames.map((key) => [key, server[key]]));
}
