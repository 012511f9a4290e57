// Benchmark: evaluating every policy of the pack over synthetic stacks of N servers.
//   npm run bench:policies   (node --expose-gc --conditions=source --import tsx bench/policyPack.bench.ts)
// Each server has a subnet, two security groups, two interfaces (one launched as eth0, one
// attached), the instance, the attachment, two Elastic IPs and two associations: 10 resources.
// Each stack goes through @pulumi/policy's own AnalyzeStack handler, as the engine's request reaches
// it (protobuf resources, unknowns as the engine's marker), so the figures include deserialization.
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { eniPolicies } from "dual-homed-server-policies/policies";
import { awsTypes } from "dual-homed-server-rules";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { performance } from "node:perf_hooks";
import { parseCommandLine } from "../scripts/commandLine";

type AnalyzeStack = (
  call: { request: analyzerproto.AnalyzeStackRequest },
  callback: (err: unknown, response?: analyzerproto.AnalyzeResponse) => void,
) => Promise<void>;

// The analyzer's AnalyzeStack RPC handler, exported by @pulumi/policy (internal, no .d.ts entry).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeAnalyzeStackRpcFun } = require("@pulumi/policy/server") as {
  makeAnalyzeStackRpcFun: (pack: string, version: string, level: string, policies: unknown[]) => AnalyzeStack;
};
const analyzeWithPack = makeAnalyzeStackRpcFun("dual-homed-server-eni", "0.1.0", "advisory", eniPolicies);
// As many stack policies that do nothing: what the analyzer itself costs (it deserializes every
// resource once per policy), so the pack's own share is the difference.
const analyzeBaseline = makeAnalyzeStackRpcFun(
  "baseline",
  "0.1.0",
  "advisory",
  eniPolicies.map((_, i) => ({ name: `baseline-${i}`, description: "does nothing", validateStack: () => undefined })),
);

/** The engine's wire marker for a value not known during preview. */
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

interface StackResourceSpec {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Input property → names of the resources it was computed from. */
  propertyDependencies?: Record<string, string[]>;
}

function server(i: number): StackResourceSpec[] {
  const u = unknown;
  const s = `s${i}`;
  const specs: StackResourceSpec[] = [
    {
      type: awsTypes.subnet,
      name: `${s}-net`,
      props: { vpcId: "vpc-1", availabilityZone: i % 2 ? "us-east-1a" : "us-east-1b" },
    },
  ];
  for (const eth of ["eth0", "eth1"]) {
    specs.push(
      { type: awsTypes.securityGroup, name: `${s}-${eth}-sg`, props: { vpcId: "vpc-1" } },
      {
        type: awsTypes.networkInterface,
        name: `${s}-${eth}`,
        props: { subnetId: u, securityGroups: [u] },
        propertyDependencies: { subnetId: [`${s}-net`], securityGroups: [`${s}-${eth}-sg`] },
      },
      { type: awsTypes.eip, name: `${s}-${eth}-eip`, props: { domain: "vpc" } },
      {
        type: awsTypes.eipAssociation,
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
      type: awsTypes.instance,
      name: s,
      props: { instanceType: "t3.micro", primaryNetworkInterface: { networkInterfaceId: u } },
      propertyDependencies: { primaryNetworkInterface: [`${s}-eth0`] },
    },
    {
      type: awsTypes.attachment,
      name: `${s}-eth1-att`,
      props: { instanceId: u, networkInterfaceId: u, deviceIndex: 1 },
      propertyDependencies: { instanceId: [s], networkInterfaceId: [`${s}-eth1`] },
    },
  );
  return specs;
}

const urnOf = (spec: StackResourceSpec) => `urn:pulumi:bench::dual-homed-server-stack::${spec.type}::${spec.name}`;

/** The stack as the engine sends it to the analyzer. */
function analyzeStackRequest(specs: StackResourceSpec[]): analyzerproto.AnalyzeStackRequest {
  const urns = new Map(specs.map((spec) => [spec.name, urnOf(spec)]));
  const resources = specs.map((spec) => {
    const resource = new analyzerproto.AnalyzerResource()
      .setType(spec.type)
      .setName(spec.name)
      .setUrn(urnOf(spec))
      .setProperties(structproto.Struct.fromJavaScript(spec.props as Record<string, structproto.JavaScriptValue>))
      .setOptions(new analyzerproto.AnalyzerResourceOptions());
    const dependencies = new Set<string>();
    for (const [prop, names] of Object.entries(spec.propertyDependencies ?? {})) {
      const list = names.map((name) => urns.get(name)!);
      list.forEach((urn) => dependencies.add(urn));
      resource
        .getPropertydependenciesMap()
        .set(prop, new analyzerproto.AnalyzerPropertyDependencies().setUrnsList(list));
    }
    return resource.setDependenciesList([...dependencies]);
  });
  return new analyzerproto.AnalyzeStackRequest().setResourcesList(resources);
}

/** Runs every policy of the pack over the stack; returns the number of violations. */
function evaluate(analyzeStack: AnalyzeStack, request: analyzerproto.AnalyzeStackRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    void analyzeStack({ request }, (err, response) =>
      err
        ? reject(err instanceof Error ? err : new Error(JSON.stringify(err)))
        : resolve(response!.getDiagnosticsList().length),
    );
  });
}

/** Median wall time of one analysis of a stack of `servers` servers, with the pack and without. */
async function medianMs(servers: number, runs: number): Promise<{ pack: number; baseline: number }> {
  const request = analyzeStackRequest(Array.from({ length: servers }, (_, i) => server(i)).flat());
  const times = { pack: [] as number[], baseline: [] as number[] };
  for (let r = 0; r < runs; r++) {
    for (const [key, analyze] of [
      ["pack", analyzeWithPack],
      ["baseline", analyzeBaseline],
    ] as const) {
      // Start every run from a collected heap so one run's garbage is not billed to the next.
      (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      const violations = await evaluate(analyze, request);
      times[key].push(performance.now() - start);
      if (violations !== 0) throw new Error(`synthetic stack should pass, got ${violations} violations`);
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return { pack: median(times.pack), baseline: median(times.baseline) };
}

const usage = `usage: npm run bench:policies

Runs all six policies through @pulumi/policy's analyzer over synthetic stacks of 100 and 1,000
servers (10 resources each), and the analyzer with six policies that do nothing (its own cost:
it deserializes every resource once per policy); median of 15 runs after a warm-up. The pack's own
cost is the difference.

  --help   this text

Exit codes: 0 both targets met (the pack's own cost for 1,000 servers under 1 s, growth 1,000/100
under 12), 1 a target missed.`;

async function main(): Promise<void> {
  parseCommandLine(usage, {});
  await medianMs(100, 5); // warm-up: JIT and the limits table
  const small = await medianMs(100, 15);
  const large = await medianMs(1000, 15);
  const own = (m: { pack: number; baseline: number }) => m.pack - m.baseline;
  const ratio = own(large) / own(small);
  console.log(`servers  resources  with pack ms  analyzer alone ms  pack's own ms (medians of 15 runs)`);
  for (const [servers, m] of [
    [100, small],
    [1000, large],
  ] as const) {
    console.log(
      `${String(servers).padStart(7)}  ${String(servers * 10).padStart(9)}  ${m.pack.toFixed(1).padStart(12)}  ` +
        `${m.baseline.toFixed(1).padStart(17)}  ${own(m).toFixed(1).padStart(13)}`,
    );
  }
  console.log(
    `growth 1000/100 of the pack's own cost: ${ratio.toFixed(2)} (target < 12); ` +
      `1000 servers: ${own(large).toFixed(0)} ms (target < 1000)`,
  );
  if (own(large) >= 1000 || ratio >= 12) process.exitCode = 1;
}

void main();
