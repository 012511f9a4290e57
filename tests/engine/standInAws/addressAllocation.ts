// TEST DOUBLE (part of the stand-in AWS provider): the private addresses EC2 hands out in a subnet.
import * as ec2 from "@aws-sdk/client-ec2";
import { ipv4Block, ipv4InBlock, reservedInSubnet } from "dual-homed-server-rules";
import { ec2Client } from "./awsClients";
import { ec2Refusal } from "./errors";

/** The private addresses the subnet's interfaces hold. */
async function heldAddresses(subnetId: string): Promise<Set<string | undefined>> {
  const held = await ec2Client().send(
    new ec2.DescribeNetworkInterfacesCommand({ Filters: [{ Name: "subnet-id", Values: [subnetId] }] }),
  );
  return new Set(
    (held.NetworkInterfaces ?? []).flatMap((eni) => (eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)),
  );
}

/**
 * `n` addresses EC2 could hand out in a subnet now: inside its CIDR block, not one of the five it
 * reserves (the first four and the last), not held by an interface. moto picks at random from the
 * whole block, reserved addresses included, so the stand-in picks as EC2 would and names them.
 * `operation` is the EC2 call they are for, named in the error when the subnet is full.
 */
export async function freeAddresses(subnetId: string, n: number, operation: string): Promise<string[]> {
  if (n <= 0) return [];
  const subnet = (await ec2Client().send(new ec2.DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets?.[0];
  const cidr = subnet?.CidrBlock ?? "";
  const { size } = ipv4Block(cidr);
  const used = await heldAddresses(subnetId);
  // Every free address, then `n` of them at random without replacement (a VPC subnet is at most a
  // /16): sampling the block with a bounded number of draws could miss the last free ones.
  const free: string[] = [];
  for (let i = 0; i < size; i++) {
    const candidate = ipv4InBlock(cidr, i);
    if (!reservedInSubnet(cidr, candidate) && !used.has(candidate)) free.push(candidate);
  }
  const picked: string[] = [];
  while (picked.length < n && free.length > 0) {
    picked.push(free.splice(Math.floor(Math.random() * free.length), 1)[0]);
  }
  if (picked.length < n) throw ec2Refusal(operation, "InsufficientFreeAddressesInSubnet", `subnet ${subnetId} is full`);
  return picked;
}
