// Benchmark: evaluating every policy of the pack over synthetic stacks of N servers.
//   npm run bench:policies   (node --expose-gc --conditions=source --import tsx bench/policyPack.bench.ts)
// Each server has a subnet, two security groups, two interfaces (one launched as eth0, one
// attached), the instance, the attachment, two Elastic IPs and two associations: 10 resources.
// Stacks are built with the analyzer test double (tests/support/policyHarness.ts).
import { performance } from "node:perf_hooks";
import { eniPolicies } from "dual-homed-server-policies/policies";
import { parseCommandLine } from "../scripts/commandLine";
import { policyResources, unknownValue, type StackResourceSpec } from "../tests/support/policyHarness";
import type { PolicyResource } from "@pulumi/policy";

const T = {
  subnet: "aws:ec2/subnet:Subnet",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  eni: "aws:ec2/networkInterface:NetworkInterface",
  instance: "aws:ec2/instance:Instance",
  attachment: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment",
  eip: "aws:ec2/eip:Eip",
  association: "aws:ec2/eipAssociation:EipAssociation",
};

function server(i: number): StackResourceSpec[] {
  const u = unknownValue.string;
  const s = `s${i}`;
  const specs: StackResourceSpec[] = [
    {
      type: T.subnet,
      name: `${s}-net`,
      props: { vpcId: "vpc-1", availabilityZone: i % 2 ? "us-east-1a" : "us-east-1b" },
    },
  ];
  for (const eth of ["eth0", "eth1"]) {
    specs.push(
      { type: T.sg, name: `${s}-${eth}-sg`, props: { vpcId: "vpc-1" } },
      {
        type: T.eni,
        name: `${s}-${eth}`,
        props: { subnetId: u, securityGroups: [u] },
        propertyDependencies: { subnetId: [`${s}-net`], securityGroups: [`${s}-${eth}-sg`] },
      },
      { type: T.eip, name: `${s}-${eth}-eip`, props: { domain: "vpc" } },
      {
        type: T.association,
        name: `${s}-${eth}-assoc`,
        props: { allocationId: u, networkInterfaceId: u, privateIpAddress: u },
        propertyDependencies: {
          allocationId: [`${s}-${eth}-eip`],
          networkInterfaceId: [`${s}-${eth}`],
          privateIpAddress: [`${s}-${eth}`],
        },
      },
    );
  }
  specs.push(
    {
      type: T.instance,
      name: s,
      props: { instanceType: "t3.micro", primaryNetworkInterface: { networkInterfaceId: u } },
      propertyDependencies: { primaryNetworkInterface: [`${s}-eth0`] },
    },
    {
      type: T.attachment,
      name: `${s}-eth1-att`,
      props: { instanceId: u, networkInterfaceId: u, deviceIndex: 1 },
      propertyDependencies: { instanceId: [s], networkInterfaceId: [`${s}-eth1`] },
    },
  );
  return specs;
}

async function evaluate(resources: PolicyResource[]): Promise<number> {
  let violations = 0;
  for (const policy of eniPolicies) {
    await policy.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: () => undefined as never,
      },
      () => violations++,
    );
  }
  return violations;
}

/** Median wall time of evaluating the pack once over a stack of `servers` servers. */
async function medianMs(servers: number, runs: number): Promise<number> {
  const resources = policyResources(Array.from({ length: servers }, (_, i) => server(i)).flat());
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Start every run from a collected heap so one run's garbage is not billed to the next.
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    const violations = await evaluate(resources);
    times.push(performance.now() - start);
    if (violations !== 0) throw new Error(`synthetic stack should pass, got ${violations} violations`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const usage = `usage: npm run bench:policies

Evaluates all six policies over synthetic stacks of 100 and 1,000 servers (10 resources each),
median of 15 runs after a warm-up, and prints the medians and the growth.

  --help   this text

Exit codes: 0 both targets met (1,000 servers under 1 s, growth 1,000/100 under 12), 1 a target missed.`;

async function main(): Promise<void> {
  parseCommandLine(usage, {});
  await medianMs(100, 5); // warm-up: JIT and the limits table
  const small = await medianMs(100, 15);
  const large = await medianMs(1000, 15);
  const ratio = large / small;
  console.log(`servers  resources  median ms (15 runs)`);
  console.log(`    100      ${100 * 10}  ${small.toFixed(1)}`);
  console.log(`   1000     ${1000 * 10}  ${large.toFixed(1)}`);
  console.log(
    `growth 1000/100: ${ratio.toFixed(2)} (target < 12); 1000 servers: ${large.toFixed(0)} ms (target < 1000)`,
  );
  if (large >= 1000 || ratio >= 12) process.exitCode = 1;
}

void main();
