// Benchmark: wall time of `pulumi up`, an in-place update and `pulumi destroy` through the real
// engine against moto (stand-in Node.js language host and AWS provider where the real ones are
// not installed), for the repository's dev stack (one server) and for N servers in one stack.
//   npm run bench:lifecycle [-- --help]
import * as path from "node:path";
import { parseCommandLine } from "../scripts/commandLine";
import { engine } from "../scripts/local/engineHarness";
import { devStackConfig, LifecycleStack, stackKey } from "../scripts/local/lifecycleStack";
import { createVpcWithSubnets } from "../scripts/local/motoTopology";
import { runBench, withMotoServer } from "./benchSupport";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const usage = `usage: npm run bench:lifecycle -- [--servers N]

Times pulumi up, an update (instance type t2.micro to t3.micro: each instance stopped, modified and
started in place) and pulumi destroy of the dev stack (one DualHomedServer) and of N servers in one
stack (bench/programs/twenty-servers), against a moto server it starts on loopback; for the dev
stack also the takeover (standbyHoldsInterfaces set to true once a standby runs). It reports
figures; there is no target.

  --servers N   servers in the larger stack (default 20)
  --help        this text

Exit codes: 0 measured, 1 a run failed, 2 bad arguments.`;

interface Timings {
  up: number;
  update: number;
  /** The `up` that moves the secondary interfaces to a standby (dev stack only). */
  takeover?: number;
  destroy: number;
  resources: number;
}

async function measure(stack: LifecycleStack, updateKey: string, withTakeover: boolean): Promise<Timings> {
  try {
    const up = await stack.up();
    await stack.setConfig({ [updateKey]: { value: "t3.micro" } });
    const update = await stack.up();
    let takeover: number | undefined;
    if (withTakeover) {
      await stack.setConfig({ [stackKey("standby")]: { value: "true" } });
      await stack.up();
      await stack.setConfig({ [stackKey("standbyHoldsInterfaces")]: { value: "true" } });
      takeover = (await stack.up()).durationMs;
    }
    const destroy = await stack.destroy();
    return {
      up: up.durationMs,
      update: update.durationMs,
      takeover,
      destroy: destroy.durationMs,
      resources: Object.values(up.types).filter((type) => type.startsWith("aws:")).length,
    };
  } finally {
    stack.dispose();
  }
}

async function main(): Promise<number> {
  const values = parseCommandLine(usage, { servers: { type: "string", default: "20" } });
  const servers = Number(values.servers);
  if (!Number.isInteger(servers) || servers < 1) {
    console.error(`--servers is ${JSON.stringify(values.servers)}; give a whole number above 0\n\n${usage}`);
    return 2;
  }
  console.error(`engine: ${engine.description}`);
  return withMotoServer(async (moto) => {
    const vpc = await createVpcWithSubnets(moto.endpoint);
    const dev = await LifecycleStack.create(
      moto.endpoint,
      `benchlifecycle${process.pid}dev`,
      devStackConfig({ [stackKey("subnetId")]: vpc.subnets.a1 }),
    );
    const one = await measure(dev, stackKey("instanceType"), true);
    const many = await LifecycleStack.create(
      moto.endpoint,
      `benchlifecycle${process.pid}many`,
      {
        "twenty-servers:subnetId": { value: vpc.subnets.a1 },
        "twenty-servers:servers": { value: String(servers) },
      },
      undefined,
      path.join(__dirname, "programs", "twenty-servers"),
    );
    const n = await measure(many, "twenty-servers:instanceType", false);
    const row = (label: string, t: Timings) =>
      `${label.padEnd(22)}${String(t.resources).padStart(14)}${[t.up, t.update, t.takeover, t.destroy]
        .map((ms) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`).padStart(10))
        .join("")}`;
    console.log(
      `${"stack".padEnd(22)}${"AWS resources".padStart(14)}${"up".padStart(10)}${"update".padStart(10)}${"takeover".padStart(10)}${"destroy".padStart(10)}`,
    );
    console.log(row("dev (1 server)", one));
    console.log(row(`${servers} servers`, n));
    return 0;
  });
}

runBench("bench:lifecycle", main, 1);
