// TEST DOUBLE (part of the stand-in AWS provider): the private addresses EC2 hands out in a subnet.
import * as ec2 from "@aws-sdk/client-ec2";
import { api } from "./ec2Client";

/**
 * `n` addresses EC2 could hand out in a subnet now: inside its CIDR block, not one of the five it
 * reserves (the first four and the last), not held by an interface. moto picks at random from the
 * whole block, reserved addresses included, so the stand-in picks as EC2 would and names them.
 */
export async function freeAddresses(subnetId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const subnet = (await api().send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0];
  const [network, prefix] = (subnet?.CidrBlock ?? "").split("/");
  const toNumber = (ip: string) => ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const toIp = (v: number) => [24, 16, 8, 0].map((shift) => Math.floor(v / 2 ** shift) % 256).join(".");
  const first = toNumber(network);
  const size = 2 ** (32 - Number(prefix));
  const held = await api().send(
    new ec2.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "subnet-id", Values: [subnetId] }] }),
  );
  const used = new Set(
    (held.NetworkInterfaces ?? []).flatMap((eni) => (eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)),
  );
  const picked: string[] = [];
  for (let tries = 0; picked.length < n && tries < size * 4; tries++) {
    const candidate = toIp(first + 4 + Math.floor(Math.random() * (size - 5)));
    if (!used.has(candidate)) {
      used.add(candidate);
      picked.push(candidate);
    }
  }
  if (picked.length < n) {
    throw Object.assign(new Error(`api error InsufficientFreeAddressesInSubnet: subnet ${subnetId} is full`), {
      name: "InsufficientFreeAddressesInSubnet",
    });
  }
  return picked;
}
