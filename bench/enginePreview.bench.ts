// Benchmark: wall time of `pulumi preview` through the real engine (stand-in Node.js language host
// and AWS provider where the real ones are not installed), in one session, rounds alternating:
//   1. the TypeScript program with 20 DualHomedServers, without and with `--policy-pack ./policies`
//      (target: the pack adds under 15 %);
//   2. the same resources declared directly in a Pulumi YAML program, without the pack
//      (target: the component costs at most 1.2x);
//   3. the same resources declared one by one in TypeScript, without the pack: what the Node.js
//      runtime costs by itself, apart from the component;
//   4. the component with a pack whose one policy checks nothing: what any Node.js pack costs.
//   npm run bench:engine [-- --help]
import { awsTypes } from "dual-homed-server-rules";
import { performance } from "node:perf_hooks";
import * as path from "node:path";
import { parseCommandLine } from "../scripts/commandLine";
import { previewProject, previewWithPack, type PreviewResult, type YamlProgram } from "../scripts/local/engineHarness";
import { createVpcWithSubnets } from "../scripts/local/motoTopology";
import { median, runBench, seconds, withMotoServer } from "./benchSupport";

const usage = `usage: npm run bench:engine -- [--servers N] [--rounds N]

Times pulumi preview of N DualHomedServers (TypeScript) without and with the policy pack, and of
the same resources as a Pulumi YAML program and as a plain TypeScript program, against a moto
server it starts on loopback.

  --servers N   servers per program (default 20)
  --rounds N    alternating rounds after one warm-up round (default 5)
  --help        this text

Exit codes: 0 both targets met, 1 a target missed, 2 a preview failed or bad arguments.`;

/** The resources one DualHomedServer declares with the dev settings, written out as YAML resources. */
function plainServer(i: number, subnetId: string, vpcId: string): Record<string, unknown> {
  const r = (name: string) => `web${i}-${name}`;
  const resources: Record<string, unknown> = {
    [r("eth0-egress-all")]: {
      type: awsTypes.egressRule,
      properties: { securityGroupId: `\${${r("eth0-sg")}.id}`, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
    },
    [r("eth0-ingress-http")]: {
      type: awsTypes.ingressRule,
      properties: {
        securityGroupId: `\${${r("eth0-sg")}.id}`,
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
        cidrIpv4: "0.0.0.0/0",
      },
    },
    [r("instance")]: {
      type: awsTypes.instance,
      properties: {
        ami: "ami-12c6146b",
        instanceType: "t2.micro",
        primaryNetworkInterface: { networkInterfaceId: `\${${r("eth0")}.id}` },
      },
    },
    [r("eth1-attachment")]: {
      type: awsTypes.attachment,
      properties: { instanceId: `\${${r("instance")}.id}`, networkInterfaceId: `\${${r("eth1")}.id}`, deviceIndex: 1 },
    },
  };
  for (const eth of ["eth0", "eth1"]) {
    resources[r(`${eth}-sg`)] = { type: awsTypes.securityGroup, properties: { vpcId } };
    resources[r(eth)] = {
      type: awsTypes.networkInterface,
      properties: { subnetId, securityGroups: [`\${${r(`${eth}-sg`)}.id}`] },
    };
    resources[r(`${eth}-ip0-eip`)] = { type: awsTypes.eip, properties: { domain: "vpc" } };
    resources[r(`${eth}-ip0-eip-association`)] = {
      type: awsTypes.eipAssociation,
      properties: {
        allocationId: `\${${r(`${eth}-ip0-eip`)}.allocationId}`,
        networkInterfaceId: `\${${r(eth)}.id}`,
        privateIpAddress: `\${${r(eth)}.privateIp}`,
      },
    };
  }
  return resources;
}

async function main(): Promise<number> {
  const values = parseCommandLine(usage, {
    servers: { type: "string", default: "20" },
    rounds: { type: "string", default: "5" },
  });
  const servers = Number(values.servers);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(servers) || servers < 1 || !Number.isInteger(rounds) || rounds < 1) {
    console.error(`bench:engine: --servers and --rounds take whole numbers of at least 1\n\n${usage}`);
    return 2;
  }
  return withMotoServer(async (moto) => {
    const vpc = await createVpcWithSubnets(moto.endpoint);
    const program = path.join(__dirname, "programs", "twenty-servers");
    const config = {
      "twenty-servers:subnetId": { value: vpc.subnets.a1 },
      "twenty-servers:servers": { value: String(servers) },
    };
    const emptyPack = path.join(__dirname, "programs", "empty-pack");
    const plainProgram = path.join(__dirname, "programs", "twenty-servers-plain");
    const plainConfig = {
      "twenty-servers-plain:subnetId": { value: vpc.subnets.a1 },
      "twenty-servers-plain:vpcId": { value: vpc.vpcId },
      "twenty-servers-plain:servers": { value: String(servers) },
    };
    const yaml: YamlProgram = {
      resources: Object.fromEntries(
        Array.from({ length: servers }, (_, i) => Object.entries(plainServer(i, vpc.subnets.a1, vpc.vpcId))).flat(),
      ),
    };
    const modes = {
      "component, without the pack": () =>
        previewProject(program, { motoEndpoint: moto.endpoint, config, withPack: false }),
      "component, with the pack": () => previewProject(program, { motoEndpoint: moto.endpoint, config }),
      // Any Node.js pack: the same runtime and analyzer, one policy that checks nothing.
      "component, with an empty pack": () =>
        previewProject(program, { motoEndpoint: moto.endpoint, config, packDir: emptyPack }),
      "plain YAML, without the pack": () => previewWithPack(yaml, { motoEndpoint: moto.endpoint, withPack: false }),
      // The same resources through the same Node.js runtime: what the component itself costs.
      "plain TypeScript, no pack": () =>
        previewProject(plainProgram, { motoEndpoint: moto.endpoint, config: plainConfig, withPack: false }),
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
    for (let round = 0; round <= rounds; round++) {
      for (const [mode, preview] of Object.entries(modes)) {
        const start = performance.now();
        const result: PreviewResult = await preview();
        if (!result.succeeded) throw new Error(`preview "${mode}" failed: ${result.error}`);
        if (round > 0) times[mode].push(performance.now() - start); // round 0 warms caches
      }
    }
    console.log(
      `${servers} servers, ${rounds} alternating rounds after a warm-up, median wall time of pulumi preview:`,
    );
    for (const [mode, runs] of Object.entries(times)) {
      console.log(`  ${mode.padEnd(30)} ${seconds(median(runs))} s   (runs: ${runs.map(seconds).join(", ")})`);
    }
    const component = median(times["component, without the pack"]);
    const overhead = (median(times["component, with the pack"]) / component - 1) * 100;
    const ratio = component / median(times["plain YAML, without the pack"]);
    console.log(`  pack overhead: ${overhead.toFixed(1)} % (target < 15 %)`);
    const floor = (median(times["component, with an empty pack"]) / component - 1) * 100;
    console.log(`  a Node.js pack that checks nothing adds ${floor.toFixed(1)} %`);
    console.log(`  component vs plain YAML: ${ratio.toFixed(2)}x (target <= 1.2x)`);
    const plainTs = median(times["plain TypeScript, no pack"]);
    console.log(
      `  component vs the same resources in TypeScript: ${(component / plainTs).toFixed(2)}x; ` +
        `plain TypeScript vs plain YAML: ${(plainTs / median(times["plain YAML, without the pack"])).toFixed(2)}x`,
    );
    return overhead < 15 && ratio <= 1.2 ? 0 : 1;
  });
}

runBench("bench:engine", main, 2);
