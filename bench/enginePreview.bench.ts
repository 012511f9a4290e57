// Benchmark: wall time of `pulumi preview` on a 20-server YAML stack with and without the policy
// pack, run alternately in one session (real engine, stand-in AWS provider).
//   npm run bench:engine
import { performance } from "node:perf_hooks";
import { startMotoServer } from "../tests/support/motoServer";
import { previewWithPack, type YamlProgram } from "../tests/engine/engineHarness";

const servers = 20;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function twentyServers(): YamlProgram {
  const resources: Record<string, unknown> = {
    subnetA: {
      type: "aws:ec2/subnet:Subnet",
      properties: { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a" },
    },
  };
  for (let i = 0; i < servers; i++) {
    resources[`eth0s${i}`] = {
      type: "aws:ec2/networkInterface:NetworkInterface",
      properties: { subnetId: "${subnetA.id}" },
    };
    resources[`eth1s${i}`] = {
      type: "aws:ec2/networkInterface:NetworkInterface",
      properties: { subnetId: "${subnetA.id}" },
    };
    resources[`server${i}`] = {
      type: "aws:ec2/instance:Instance",
      properties: {
        ami: "ami-0123456789abcdef0",
        instanceType: "t3.micro",
        primaryNetworkInterface: { networkInterfaceId: `\${eth0s${i}.id}` },
      },
    };
    resources[`attach${i}`] = {
      type: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment",
      properties: { instanceId: `\${server${i}.id}`, networkInterfaceId: `\${eth1s${i}.id}`, deviceIndex: 1 },
    };
    for (const eth of ["eth0", "eth1"]) {
      resources[`${eth}s${i}Eip`] = { type: "aws:ec2/eip:Eip", properties: { domain: "vpc" } };
      resources[`${eth}s${i}Assoc`] = {
        type: "aws:ec2/eipAssociation:EipAssociation",
        properties: {
          allocationId: `\${${eth}s${i}Eip.allocationId}`,
          networkInterfaceId: `\${${eth}s${i}.id}`,
          privateIpAddress: `\${${eth}s${i}.privateIp}`,
        },
      };
    }
  }
  return { resources };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const moto = await startMotoServer();
  try {
    const program = twentyServers();
    const times = { without: [] as number[], with: [] as number[] };
    await previewWithPack(program, { motoEndpoint: moto.endpoint, withPack: true }); // warm-up: plugins, caches
    for (let r = 0; r < rounds; r++) {
      for (const mode of ["without", "with"] as const) {
        const start = performance.now();
        const result = await previewWithPack(program, { motoEndpoint: moto.endpoint, withPack: mode === "with" });
        times[mode].push(performance.now() - start);
        if (!result.succeeded) throw new Error(`preview ${mode} the pack failed: ${result.error}`);
      }
    }
    const without = median(times.without);
    const withPack = median(times.with);
    const overhead = (withPack / without - 1) * 100;
    console.log(
      `${servers} servers (${Object.keys(program.resources).length} resources), ${rounds} alternating rounds, median wall time:`,
    );
    console.log(
      `  without the pack: ${(without / 1000).toFixed(2)} s   (runs: ${times.without.map((t) => (t / 1000).toFixed(2)).join(", ")})`,
    );
    console.log(
      `  with the pack:    ${(withPack / 1000).toFixed(2)} s   (runs: ${times.with.map((t) => (t / 1000).toFixed(2)).join(", ")})`,
    );
    console.log(`  overhead: ${overhead.toFixed(1)} % (target < 15 %)`);
    if (overhead >= 15) process.exitCode = 1;
  } finally {
    await moto.stop();
  }
}

void main();
