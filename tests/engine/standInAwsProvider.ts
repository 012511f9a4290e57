// TEST DOUBLE: a stand-in for the AWS provider plugin (pulumi-resource-aws), which cannot be
// downloaded or built here. It lets the real engine preview: Check returns the inputs, Diff compares
// them, and during a first preview the engine leaves every output unknown, as with the real
// provider. Data-source invokes are answered from the moto emulator named by
// STAND_IN_AWS_ENDPOINT (EC2 and SSM APIs), never from fixed answers. It creates nothing:
// `pulumi up` is refused.
import {
  DescribeInstanceTypesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  type _InstanceType,
} from "@aws-sdk/client-ec2";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import * as provider from "@pulumi/pulumi/provider";
import { standInAwsSchema } from "./standInAwsSchema";

const clientConfig = () => ({
  endpoint: process.env.STAND_IN_AWS_ENDPOINT,
  region: process.env.AWS_REGION ?? "us-east-1",
});

async function withClient<C extends { destroy(): void }, T>(client: C, use: (client: C) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

type Invoke = (inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Each data source the component reads during preview, answered through the AWS API (moto). */
const invokes: Record<string, Invoke> = {
  "aws:ec2/getSubnet:getSubnet": (inputs) =>
    withClient(new EC2Client(clientConfig()), async (ec2) => {
      const out = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [String(inputs.id)] }));
      const subnet = out.Subnets?.[0];
      return {
        id: subnet?.SubnetId,
        arn: subnet?.SubnetArn,
        availabilityZone: subnet?.AvailabilityZone,
        availabilityZoneId: subnet?.AvailabilityZoneId,
        vpcId: subnet?.VpcId,
        cidrBlock: subnet?.CidrBlock,
        ipv6CidrBlock: subnet?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? "",
      };
    }),
  "aws:ec2/getInstanceType:getInstanceType": (inputs) =>
    withClient(new EC2Client(clientConfig()), async (ec2) => {
      const out = await ec2.send(
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
    }),
  "aws:ssm/getParameter:getParameter": (inputs) =>
    withClient(new SSMClient(clientConfig()), async (ssm) => {
      const out = await ssm.send(new GetParameterCommand({ Name: String(inputs.name), WithDecryption: true }));
      const parameter = out.Parameter;
      return {
        id: parameter?.Name,
        name: parameter?.Name,
        arn: parameter?.ARN,
        type: parameter?.Type,
        value: parameter?.Value,
        insecureValue: parameter?.Value,
        version: parameter?.Version,
      };
    }),
};

const standInAwsProvider: provider.Provider = {
  version: standInAwsSchema.version,
  schema: JSON.stringify(standInAwsSchema),
  check: (_urn, _olds, news) => Promise.resolve({ inputs: news as Record<string, unknown> }),
  diff: (_id, _urn, olds, news) => Promise.resolve({ changes: JSON.stringify(olds) !== JSON.stringify(news) }),
  create: (urn) => Promise.reject(new Error(`the stand-in AWS provider previews only; it cannot create ${urn}`)),
  invoke: async (token, inputs: Record<string, unknown>) => {
    const invoke = invokes[token];
    if (!invoke) throw new Error(`the stand-in AWS provider does not answer ${token}`);
    return { outputs: await invoke(inputs) };
  },
};

void provider.main(standInAwsProvider, process.argv.slice(2));
