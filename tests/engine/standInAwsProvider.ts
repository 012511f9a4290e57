// TEST DOUBLE: a stand-in for the AWS provider plugin (pulumi-resource-aws), which cannot be
// downloaded or built here. It lets the real engine preview: Check returns the inputs, Diff compares
// them, and during a first preview the engine leaves every output unknown, as with the real
// provider. Data-source invokes are answered from the moto EC2 emulator named by
// STAND_IN_AWS_ENDPOINT, never from fixed answers. It creates nothing: `pulumi up` is refused.
import { DescribeSubnetsCommand, EC2Client } from "@aws-sdk/client-ec2";
import * as provider from "@pulumi/pulumi/provider";
import { standInAwsSchema } from "./standInAwsSchema";

const ec2 = () =>
  new EC2Client({ endpoint: process.env.STAND_IN_AWS_ENDPOINT, region: process.env.AWS_REGION ?? "us-east-1" });

const standInAwsProvider: provider.Provider = {
  version: standInAwsSchema.version,
  schema: JSON.stringify(standInAwsSchema),
  check: (_urn, _olds, news) => Promise.resolve({ inputs: news as Record<string, unknown> }),
  diff: (_id, _urn, olds, news) => Promise.resolve({ changes: JSON.stringify(olds) !== JSON.stringify(news) }),
  create: (urn) => Promise.reject(new Error(`the stand-in AWS provider previews only; it cannot create ${urn}`)),
  invoke: async (token, inputs: Record<string, unknown>) => {
    if (token !== "aws:ec2/getSubnet:getSubnet") throw new Error(`the stand-in AWS provider does not answer ${token}`);
    const client = ec2();
    try {
      const out = await client.send(new DescribeSubnetsCommand({ SubnetIds: [String(inputs.id)] }));
      const subnet = out.Subnets?.[0];
      return {
        outputs: {
          id: subnet?.SubnetId,
          availabilityZone: subnet?.AvailabilityZone,
          vpcId: subnet?.VpcId,
          cidrBlock: subnet?.CidrBlock,
        },
      };
    } finally {
      client.destroy();
    }
  },
};

void provider.main(standInAwsProvider, process.argv.slice(2));
