import { awsTypes } from "dual-homed-server-rules";
import type { SubnetFixture } from "../support/mockedAwsEngine";

/** One VPC with three subnets in us-east-1a (subnet-a6 with an IPv6 block) and one in us-east-1b. */
export const subnets: Record<string, SubnetFixture> = {
  "subnet-a1": { availabilityZone: "us-east-1a", vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" },
  "subnet-a2": { availabilityZone: "us-east-1a", vpcId: "vpc-1", cidrBlock: "10.0.2.0/24" },
  "subnet-b1": { availabilityZone: "us-east-1b", vpcId: "vpc-1", cidrBlock: "10.0.3.0/24" },
  "subnet-a6": {
    availabilityZone: "us-east-1a",
    vpcId: "vpc-1",
    cidrBlock: "10.0.4.0/24",
    ipv6CidrBlock: "2001:db8:0:4::/64",
  },
};

export const types = { component: "dual-homed-server:index:DualHomedServer", ...awsTypes };
