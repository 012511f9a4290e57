// TEST DOUBLE (part of the stand-in AWS provider): the data sources the component reads during
// preview, answered through the AWS API of moto (EC2 and SSM).
import {
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
} from "@aws-sdk/client-ec2";
import type { _InstanceType } from "@aws-sdk/client-ec2";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { awsFunctions } from "dual-homed-server-rules";
import { ec2Client, ssmClient } from "./awsClients";

type Outputs = Record<string, unknown>;

interface DataSource {
  /** The data source as the provider names it in its errors ("EC2 Subnet"). */
  name: string;
  answer(inputs: Record<string, unknown>): Promise<Outputs>;
}

const subnet: DataSource = {
  name: "EC2 Subnet",
  async answer(inputs) {
    const out = await ec2Client().send(new DescribeSubnetsCommand({ SubnetIds: [String(inputs.id)] }));
    const found = out.Subnets?.[0];
    return {
      id: found?.SubnetId,
      arn: found?.SubnetArn,
      availabilityZone: found?.AvailabilityZone,
      availabilityZoneId: found?.AvailabilityZoneId,
      vpcId: found?.VpcId,
      cidrBlock: found?.CidrBlock,
      ipv6CidrBlock: found?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? "",
    };
  },
};

const networkInterface: DataSource = {
  name: "EC2 Network Interface",
  async answer(inputs) {
    const out = await ec2Client().send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [String(inputs.id)] }),
    );
    const eni = out.NetworkInterfaces?.[0];
    return {
      id: eni?.NetworkInterfaceId,
      subnetId: eni?.SubnetId,
      privateIp: eni?.PrivateIpAddress,
      // The data source's list keeps EC2's order.
      privateIps: (eni?.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
      securityGroups: (eni?.Groups ?? []).map((g) => g.GroupId),
    };
  },
};

const instanceType: DataSource = {
  name: "EC2 Instance Type",
  async answer(inputs) {
    const out = await ec2Client().send(
      new DescribeInstanceTypesCommand({ InstanceTypes: [String(inputs.instanceType) as _InstanceType] }),
    );
    const type = out.InstanceTypes?.[0];
    const network = type?.NetworkInfo;
    return {
      id: type?.InstanceType,
      instanceType: type?.InstanceType,
      maximumNetworkInterfaces: network?.MaximumNetworkInterfaces,
      maximumIpv4AddressesPerInterface: network?.Ipv4AddressesPerInterface,
      maximumIpv6AddressesPerInterface: network?.Ipv6AddressesPerInterface,
      ipv6Supported: network?.Ipv6Supported,
      networkCards: (network?.NetworkCards ?? []).map((card) => ({
        index: card.NetworkCardIndex,
        maximumInterfaces: card.MaximumNetworkInterfaces,
        performance: card.NetworkPerformance ?? "",
        baselineBandwidth: card.BaselineBandwidthInGbps ?? 0,
        peakBandwidth: card.PeakBandwidthInGbps ?? 0,
      })),
      supportedArchitectures: type?.ProcessorInfo?.SupportedArchitectures ?? [],
    };
  },
};

const parameter: DataSource = {
  name: "SSM Parameter",
  async answer(inputs) {
    const out = await ssmClient().send(new GetParameterCommand({ Name: String(inputs.name), WithDecryption: true }));
    const found = out.Parameter;
    return {
      id: found?.Name,
      name: found?.Name,
      arn: found?.ARN,
      type: found?.Type,
      value: found?.Value,
      insecureValue: found?.Value,
      version: found?.Version,
    };
  },
};

/** Each data source the component reads during preview, by function token. */
export const dataSources: Record<string, DataSource> = {
  [awsFunctions.getSubnet]: subnet,
  [awsFunctions.getNetworkInterface]: networkInterface,
  [awsFunctions.getInstanceType]: instanceType,
  [awsFunctions.getParameter]: parameter,
};
