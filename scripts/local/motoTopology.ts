import {
  CreateSecurityGroupCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { motoClientConfig, motoCredentials, startMotoServer, type MotoServer } from "./motoServer";

/** Points the AWS SDK's default credential chain at moto's test credentials; returns an undo. */
export function useMotoCredentials(): () => void {
  const saved = Object.fromEntries(Object.keys(motoCredentials).map((k) => [k, process.env[k]]));
  Object.assign(process.env, motoCredentials);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export interface MotoSubnets {
  vpcId: string;
  internetGatewayId: string;
  /**
   * Two subnets in us-east-1a (a2 with an IPv6 block) and one in us-east-1b, with what
   * DescribeSubnets reports.
   */
  subnets: { a1: string; a2: string; b1: string };
  zones: Record<string, { availabilityZone: string; vpcId: string; cidrBlock: string }>;
}

/** An EC2 API client for the moto server at `endpoint`, with moto's test credentials. */
export function motoEc2Client(endpoint: string): EC2Client {
  return new EC2Client(motoClientConfig(endpoint));
}

/** Creates a VPC with an internet gateway and subnets in two Availability Zones through the EC2 API. */
export async function createVpcWithSubnets(endpoint: string): Promise<MotoSubnets> {
  const ec2 = motoEc2Client(endpoint);
  try {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: true }));
    const vpcId = vpc.Vpc!.VpcId!;
    // Elastic IPs in a VPC need its internet gateway, as on AWS.
    const gateway = await ec2.send(new CreateInternetGatewayCommand({}));
    const internetGatewayId = gateway.InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
    // The VPC's /56 IPv6 block; subnet a2 gets a /64 of it, the others none.
    const vpcIpv6 = vpc.Vpc!.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock;
    const create = async (cidr: string, zone: string, ipv6?: boolean) => {
      const Ipv6CidrBlock = ipv6 && vpcIpv6 ? vpcIpv6.replace(/::\/56$/, "::/64") : undefined;
      const out = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone, Ipv6CidrBlock }),
      );
      return out.Subnet!;
    };
    const [a1, a2, b1] = [
      await create("10.0.1.0/24", "us-east-1a"),
      await create("10.0.2.0/24", "us-east-1a", true),
      await create("10.0.3.0/24", "us-east-1b"),
    ];
    const zones = Object.fromEntries(
      [a1, a2, b1].map((s) => [
        s.SubnetId!,
        { availabilityZone: s.AvailabilityZone!, vpcId: s.VpcId!, cidrBlock: s.CidrBlock! },
      ]),
    );
    return { vpcId, internetGatewayId, subnets: { a1: a1.SubnetId!, a2: a2.SubnetId!, b1: b1.SubnetId! }, zones };
  } finally {
    ec2.destroy();
  }
}

/**
 * Creates a security group in the VPC standing for one a team already has (its monitoring agents'
 * or a bastion's): what `securityGroupIds` adds beside an interface's own group.
 */
export async function createTeamSecurityGroup(endpoint: string, vpcId: string): Promise<string> {
  const ec2 = motoEc2Client(endpoint);
  try {
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: "team-shared",
        Description: "a group the team already has",
      }),
    );
    return group.GroupId!;
  } finally {
    ec2.destroy();
  }
}

/**
 * A moto server with a VPC and subnets in two zones for the enclosing mocha `describe`: started
 * before its tests, stopped after them, with `motoEnv` in its environment (moto's own settings).
 * Read `moto` and `vpc` inside hooks and tests.
 */
export function motoVpcForSuite(motoEnv: Record<string, string> = {}): {
  readonly moto: MotoServer;
  readonly vpc: MotoSubnets;
} {
  const suite = {} as { moto: MotoServer; vpc: MotoSubnets };
  before(async () => {
    suite.moto = await startMotoServer({ env: motoEnv });
    suite.vpc = await createVpcWithSubnets(suite.moto.endpoint);
  });
  after(async () => {
    await suite.moto?.stop();
  });
  return suite;
}
