// TEST DOUBLE (part of the stand-in AWS provider): the one place the stand-in builds its AWS API
// clients (EC2, IAM, SSM), for the moto emulator named by STAND_IN_AWS_ENDPOINT. The EC2 client is the one the
// tests build (tests/support/motoTopology.ts); both throw API errors as the provider words them.
import type { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { SSMClient } from "@aws-sdk/client-ssm";
import { motoCredentials } from "../../support/motoServer";
import { motoEc2Client } from "../../support/motoTopology";
import { reportingApiErrors } from "./errors";

function motoEndpoint(): string {
  const endpoint = process.env.STAND_IN_AWS_ENDPOINT;
  if (!endpoint) throw new Error("the stand-in AWS provider needs STAND_IN_AWS_ENDPOINT, the moto server's address");
  return endpoint;
}

let ec2: EC2Client | undefined;
let ssm: SSMClient | undefined;
let iam: IAMClient | undefined;

/** The EC2 client of every resource handler and lookup of the stand-in. */
export function ec2Client(): EC2Client {
  ec2 ??= reportingApiErrors("EC2", motoEc2Client(motoEndpoint()));
  return ec2;
}

const motoSettings = () => ({
  endpoint: motoEndpoint(),
  region: motoCredentials.AWS_REGION,
  credentials: {
    accessKeyId: motoCredentials.AWS_ACCESS_KEY_ID,
    secretAccessKey: motoCredentials.AWS_SECRET_ACCESS_KEY,
  },
});

/** The SSM client of the parameter lookup and of the placement groups the stand-in keeps. */
export function ssmClient(): SSMClient {
  ssm ??= reportingApiErrors("SSM", new SSMClient(motoSettings()));
  return ssm;
}

/** The IAM client of the role, instance profile and policy attachment handlers (moto serves IAM too). */
export function iamClient(): IAMClient {
  iam ??= reportingApiErrors("IAM", new IAMClient(motoSettings()));
  return iam;
}
