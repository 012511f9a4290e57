// TEST DOUBLE (part of the stand-in AWS provider): the EC2 client of the moto emulator named by
// STAND_IN_AWS_ENDPOINT.
import * as ec2 from "@aws-sdk/client-ec2";

let client: ec2.EC2Client | undefined;
export function api(): ec2.EC2Client {
  client ??= new ec2.EC2Client({
    endpoint: process.env.STAND_IN_AWS_ENDPOINT,
    region: process.env.AWS_REGION ?? "us-east-1",
  });
  return client;
}
