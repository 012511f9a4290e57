// The stand-in AWS provider's calls to the EC2 API of moto (TEST DOUBLE logic), without the engine:
// errors read as the AWS provider reports them, and new addresses are ones EC2 could assign.
import { CreateSubnetCommand, DescribeSubnetsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import * as assert from "node:assert/strict";
import { ipv4Block, ipv4InsideBlock, reservedInSubnet } from "dual-homed-server-rules";
import { motoEc2Client, motoVpcForSuite } from "../../scripts/local/motoTopology";
import { freeAddresses } from "./standInAws/addressAllocation";
import { ec2Client } from "./standInAws/awsClients";
import { actionFailed, ec2Refusal, unlessNotFound } from "./standInAws/errors";

/** The Go SDK's wording of an API error, as the provider's diagnostics carry it. */
const apiError = (operation: string, code: string, detail: RegExp | string) =>
  new RegExp(
    `^operation error EC2: ${operation}, https response error StatusCode: 400, RequestID: [^,]+, ` +
      `api error ${code.replace(/\./g, "\\.")}: ${typeof detail === "string" ? detail : detail.source}$`,
  );

describe("the stand-in AWS provider's EC2 calls against moto", function () {
  this.timeout(60_000);
  const suite = motoVpcForSuite();
  let tests: EC2Client;
  let savedEndpoint: string | undefined;
  before(() => {
    savedEndpoint = process.env.STAND_IN_AWS_ENDPOINT;
    process.env.STAND_IN_AWS_ENDPOINT = suite.moto.endpoint;
    tests = motoEc2Client(suite.moto.endpoint);
  });
  after(() => {
    if (savedEndpoint === undefined) delete process.env.STAND_IN_AWS_ENDPOINT;
    else process.env.STAND_IN_AWS_ENDPOINT = savedEndpoint;
    tests?.destroy();
  });

  it("reports EC2's errors as the provider does: the action, then the Go SDK's operation error", async () => {
    const refused = await ec2Client()
      .send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-00000000"] }))
      .catch((err: unknown) => err as Error);
    assert.ok(refused instanceof Error);
    assert.match(refused.message, apiError("DescribeSubnets", "InvalidSubnetID.NotFound", /.*subnet-00000000.*/));
    assert.equal(refused.name, "InvalidSubnetID.NotFound");
    const reported = actionFailed("reading", "EC2 Subnet", "subnet-00000000", refused);
    assert.match(reported.message, /^reading EC2 Subnet \(subnet-00000000\): operation error EC2: DescribeSubnets, /);
    assert.equal(
      await unlessNotFound(() => ec2Client().send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-00000000"] }))),
      undefined,
    );
  });

  it("words its own refusals, for rules moto does not enforce, in that same format", () => {
    const refusal = ec2Refusal("AttachNetworkInterface", "InvalidNetworkInterface.InUse", "Interface: [eni-1] in use");
    assert.match(
      actionFailed("creating", "EC2 Network Interface Attachment", undefined, refusal).message,
      /^creating EC2 Network Interface Attachment: operation error EC2: AttachNetworkInterface, /,
    );
    assert.match(
      refusal.message,
      apiError("AttachNetworkInterface", "InvalidNetworkInterface.InUse", "Interface: \\[eni-1\\] in use"),
    );
  });

  it("hands out every address of a subnet EC2 could assign, none it reserves, then refuses as EC2 does", async () => {
    const cidr = "10.0.4.0/28";
    const created = await tests.send(new CreateSubnetCommand({ VpcId: suite.vpc.vpcId, CidrBlock: cidr }));
    const subnetId = created.Subnet!.SubnetId!;
    const picked = await freeAddresses(subnetId, 11, "CreateNetworkInterface");
    // A /28 holds 16 addresses, of which EC2 reserves 5: the other 11, each once.
    assert.equal(ipv4Block(cidr).size - 5, 11);
    assert.equal(new Set(picked).size, 11);
    for (const ip of picked) assert.ok(ipv4InsideBlock(cidr, ip) && !reservedInSubnet(cidr, ip), ip);
    await assert.rejects(freeAddresses(subnetId, 12, "CreateNetworkInterface"), (err: Error) => {
      assert.match(
        err.message,
        apiError("CreateNetworkInterface", "InsufficientFreeAddressesInSubnet", `subnet ${subnetId} is full`),
      );
      return true;
    });
  });
});
