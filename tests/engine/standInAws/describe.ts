// TEST DOUBLE (part of the stand-in AWS provider): lookups several resource handlers share.
import * as ec2 from "@aws-sdk/client-ec2";
import { ec2Client } from "./awsClients";
import { unlessNotFound } from "./errors";

export async function describeInterface(id: string): Promise<ec2.NetworkInterface | undefined> {
  const out = await unlessNotFound(() =>
    ec2Client().send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] })),
  );
  return out?.NetworkInterfaces?.[0];
}

export async function describeAddress(filter: ec2.DescribeAddressesCommandInput): Promise<ec2.Address | undefined> {
  return (await unlessNotFound(() => ec2Client().send(new ec2.DescribeAddressesCommand(filter))))?.Addresses?.[0];
}
