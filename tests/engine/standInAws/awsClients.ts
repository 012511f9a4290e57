// TEST DOUBLE (part of the stand-in AWS provider): the one place the stand-in builds its AWS API
// clients (EC2, IAM, SSM, SNS), for the moto emulator named by STAND_IN_AWS_ENDPOINT. The EC2 client is
// the one the tests build (scripts/local/motoTopology.ts); all throw API errors as the provider
// words them. Built again when the endpoint changes: test files that call the handlers in-process
// each start their own moto server.
import type { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { motoClientConfig } from "../../../scripts/local/motoServer";
import { motoEc2Client } from "../../../scripts/local/motoTopology";
import { reportingApiErrors } from "./errors";

function motoEndpoint(): string {
  const endpoint = process.env.STAND_IN_AWS_ENDPOINT;
  if (!endpoint) throw new Error("the stand-in AWS provider needs STAND_IN_AWS_ENDPOINT, the moto server's address");
  return endpoint;
}

let clients: { endpoint: string; ec2?: EC2Client; ssm?: SSMClient; iam?: IAMClient; sns?: SNSClient } | undefined;

/** The clients for the current endpoint. */
function forEndpoint(): NonNullable<typeof clients> {
  const endpoint = motoEndpoint();
  if (clients?.endpoint !== endpoint) clients = { endpoint };
  return clients;
}

/** The EC2 client of every resource handler and lookup of the stand-in. */
export function ec2Client(): EC2Client {
  const current = forEndpoint();
  current.ec2 ??= reportingApiErrors("EC2", motoEc2Client(current.endpoint));
  return current.ec2;
}

const motoSettings = () => motoClientConfig(motoEndpoint());

/** The SSM client of the parameter lookup and of the placement groups the stand-in keeps. */
export function ssmClient(): SSMClient {
  const current = forEndpoint();
  current.ssm ??= reportingApiErrors("SSM", new SSMClient(motoSettings()));
  return current.ssm;
}

/** The IAM client of the role, instance profile and policy attachment handlers (moto serves IAM too). */
export function iamClient(): IAMClient {
  const current = forEndpoint();
  current.iam ??= reportingApiErrors("IAM", new IAMClient(motoSettings()));
  return current.iam;
}

/** The SNS client of the topic handler (moto serves SNS too). */
export function snsClient(): SNSClient {
  const current = forEndpoint();
  current.sns ??= reportingApiErrors("SNS", new SNSClient(motoSettings()));
  return current.sns;
}
