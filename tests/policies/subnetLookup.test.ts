import * as assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { DualHomedServer } from "dual-homed-server";
import { eniPolicies, eniSameAzAsInstance } from "dual-homed-server-policies/policies";
import { useMockedAwsEngine } from "../support/mockedAwsEngine";
import { startMotoServer, type MotoServer } from "../../scripts/local/motoServer";
import { createVpcWithSubnets, useMotoCredentials, type MotoSubnets } from "../../scripts/local/motoTopology";
import { runStackPolicy, stackFromRegistrations } from "../support/policyHarness";
import { onlyViolation } from "./onlyViolation";
import { attachment, eni, instance } from "./stacks";

describe("eni-same-az-as-instance with the live subnet lookup (against a local EC2 emulator)", function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let restore: () => void;
  let vpc: MotoSubnets;
  let lookup: Record<string, unknown>;

  before(async () => {
    moto = await startMotoServer();
    restore = useMotoCredentials();
    vpc = await createVpcWithSubnets(moto.endpoint);
    lookup = { subnetLookup: { enabled: true, endpoint: moto.endpoint, region: "us-east-1", timeoutMs: 10_000 } };
  });
  after(async () => {
    restore();
    await moto.stop();
  });

  const stackIn = (primary: string, secondary: string) => [
    instance("web", "t3.micro", { subnet: primary }),
    eni("eth1", secondary),
    attachment("eth1-att", "web", "eth1", 1),
  ];

  it("passes existing subnets of one zone, looked up through DescribeSubnets", async () => {
    assert.deepEqual(await runStackPolicy(eniSameAzAsInstance, stackIn(vpc.subnets.a1, vpc.subnets.a2), lookup), []);
  });

  it("reports existing subnets of two zones", async () => {
    const violation = onlyViolation(
      await runStackPolicy(eniSameAzAsInstance, stackIn(vpc.subnets.a1, vpc.subnets.b1), lookup),
    );
    assert.match(
      violation.message,
      new RegExp(`"eth1" is in subnet ${vpc.subnets.b1} \\(us-east-1b\\) but instance "web" is in us-east-1a`),
    );
  });

  it("looks subnets up by default with the stack's own AWS provider settings (region, endpoints, keys)", async () => {
    // As the engine passes the default provider's inputs: each `aws:*` config value, structured ones as JSON.
    const providerProps = {
      region: "us-east-1",
      endpoints: JSON.stringify([{ ec2: moto.endpoint }]),
      accessKey: "testing",
      secretKey: "testing",
    };
    const stack = [
      { ...instance("web", "t3.micro", { subnet: vpc.subnets.a1 }), providerProps },
      { ...eni("eth1", vpc.subnets.b1), providerProps },
      attachment("eth1-att", "web", "eth1", 1),
    ];
    const violation = onlyViolation(await runStackPolicy(eniSameAzAsInstance, stack));
    assert.match(
      violation.message,
      new RegExp(`"eth1" is in subnet ${vpc.subnets.b1} \\(us-east-1b\\) but instance "web" is in us-east-1a`),
    );
  });

  it("reports a subnet the API does not know as unverifiable, with the API's reason", async () => {
    const violation = onlyViolation(
      await runStackPolicy(eniSameAzAsInstance, stackIn(vpc.subnets.a1, "subnet-0doesnotexist"), lookup),
    );
    assert.match(
      violation.message,
      /could not verify .*looking up subnet subnet-0doesnotexist through the EC2 API failed \(.*(InvalidSubnetID|does not exist)/,
    );
  });

  it("gives up within its time bound when the endpoint does not answer", async () => {
    const silent: Server = createServer(() => undefined); // accepts connections, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const config = {
        subnetLookup: { enabled: true, endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", timeoutMs: 300 },
      };
      const violations = await runStackPolicy(eniSameAzAsInstance, stackIn(vpc.subnets.a1, vpc.subnets.a2), config);
      assert.ok(Date.now() - started < 5_000, "the lookup must respect timeoutMs");
      // The instance's zone is what the check needs first; without it the interface's is not asked for.
      const violation = onlyViolation(violations);
      assert.equal(violation.resource, "eth1-att");
      assert.match(
        violation.message,
        /could not verify the Availability Zone of instance "web": looking up subnet .* failed \(no answer within 300 ms\)/,
      );
    } finally {
      silent.close();
    }
  });

  it("passes the dev configuration of DualHomedServer in existing subnets through the whole pack", async () => {
    const engine = await useMockedAwsEngine(vpc.zones);
    new DualHomedServer("web", { subnetId: vpc.subnets.a1, instanceType: "t2.micro" });
    await engine.settle();
    const stack = stackFromRegistrations(engine.resources);
    for (const policy of eniPolicies) {
      assert.deepEqual(await runStackPolicy(policy, stack, lookup), [], policy.name);
    }
  });
});
