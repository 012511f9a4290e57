// Benchmark: how long after the primary stops answering the failover monitor has every secondary
// interface attached to the standby, for 1 and 3 interfaces: the monitor (components/failover/monitor.py)
// runs as a process against moto, checking a health endpoint on loopback that the benchmark stops.
//   npm run bench:failover [-- --help]
import { StopInstancesCommand } from "@aws-sdk/client-ec2";
import { parseCommandLine } from "../scripts/commandLine";
import {
  createFailoverTopology,
  Ec2Proxy,
  HealthServer,
  monitorConfig,
  MonitorProcess,
  waitUntilOnStandby,
  type MonitorConfig,
} from "../tests/support/failoverRig";
import { moveToStandby } from "../scripts/takeover/moveInterfaces";
import type { ServerInState } from "../scripts/takeover/stackState";
import type { MotoServer } from "../scripts/local/motoServer";
import { motoEc2Client } from "../scripts/local/motoTopology";
import { median, runBench, seconds, withMotoServer } from "./benchSupport";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const usage = `usage: npm run bench:failover -- [--rounds N] [--interval-s S] [--threshold N]

Starts moto on loopback and, for 1 and then 3 secondary interfaces, N times each way: builds a
primary and a standby instance, runs the failover monitor against them with the primary's page and
the standby's own page on loopback, makes the primary fail and times until EC2 shows every
interface attached to the standby. Three ways, each with a monitor of its own:

  checks alone    confirmation "none", no fencing (the monitor before EC2 confirmed): the page stops
  second signal   the default: the page stops and the instance is stopped in EC2 at the same moment
  fenced          the second signal and fencing: the page stops and EC2 reports the running
                  instance's system status check impaired; the monitor stops it, then moves

Reports the median, fastest and slowest of that time, of the detection in it (until the monitor
logs "taking over") and of the move (from then until every interface is attached: the fence
included). The page stops right after a check that passed: detection is its longest for a refused
connection, interval × threshold. The health check runs with the component's defaults unless told
otherwise. Beside it, the move \`npm run takeover\` makes through the EC2 API before it records it.
There is no target.

  --rounds N       failovers per way and interface count (default 3)
  --interval-s S   seconds between health checks (default 5, the component's default)
  --threshold N    failed checks in a row that trigger the takeover (default 3, the component's default)
  --help           this text

Exit codes: 0 measured, 1 a failover did not complete, 2 bad arguments.`;

interface Sample {
  total: number;
  detection: number;
  move: number;
}

/** How the primary fails, and what the monitor is told to do about it. */
const ways = {
  "checks alone": { config: { confirmation: "none" }, ec2: "running" },
  "second signal": { config: {}, ec2: "stopped" },
  fenced: { config: { fence: true }, ec2: "impaired" },
} as const;
type Way = keyof typeof ways;

/** One failover: from the primary failing until every interface is on the standby. */
async function failover(
  moto: MotoServer,
  count: number,
  interval: number,
  threshold: number,
  way: Way,
): Promise<Sample> {
  const topology = await createFailoverTopology(moto.endpoint, count);
  const names = ["eth0", ...topology.secondaries.map((s) => `eth${s.deviceIndex}`)];
  const pages = names.map(() => new HealthServer("127.0.0.2"));
  const own = new HealthServer("127.0.0.5");
  for (const page of [...pages, own]) await page.set("ok");
  const proxy = new Ec2Proxy(moto.endpoint);
  await proxy.start();
  const config: MonitorConfig = {
    ...monitorConfig(
      topology,
      names.map((name, i) => ({ name, url: pages[i].url })),
      proxy.endpoint,
    ),
    selfCheckUrl: own.url,
    intervalSeconds: interval,
    unhealthyThreshold: threshold,
    timeoutSeconds: Math.min(2, interval),
    ...ways[way].config,
  };
  // As the component configures it: the monitor's own poll interval while it moves.
  delete config.pollSeconds;
  const monitor = new MonitorProcess(config);
  const ec2 = motoEc2Client(moto.endpoint);
  try {
    await monitor.waitFor(/monitoring armed/, 30_000);
    const failedAt = performance.now();
    if (ways[way].ec2 === "impaired") proxy.impaired.set(topology.primaryInstanceId, "system");
    await Promise.all([
      ...pages.map((page) => page.set("down")),
      ways[way].ec2 === "stopped"
        ? ec2.send(new StopInstancesCommand({ InstanceIds: [topology.primaryInstanceId] }))
        : undefined,
    ]);
    const movedAt = await waitUntilOnStandby(ec2, topology, interval * threshold * 1000 + 30_000);
    const takingOver = await monitor.waitFor(/taking over/, 1000);
    return { total: movedAt - failedAt, detection: takingOver.at - failedAt, move: movedAt - takingOver.at };
  } finally {
    ec2.destroy();
    await monitor.stop();
    for (const page of [...pages, own]) await page.set("down");
    await proxy.stop();
  }
}

/** The fast path's move: what `npm run takeover` does through the EC2 API before it records the move. */
async function manualMove(moto: MotoServer, count: number): Promise<number> {
  const topology = await createFailoverTopology(moto.endpoint, count);
  const server: ServerInState = {
    name: "web",
    componentUrn: "urn:pulumi:bench::bench::dual-homed-server:index:DualHomedServer::web",
    instanceId: topology.primaryInstanceId,
    standbyInstanceId: topology.standbyInstanceId,
    secondaries: topology.secondaries.map((s) => ({
      role: `eth${s.deviceIndex}`,
      networkInterfaceId: s.id,
      deviceIndex: s.deviceIndex,
      networkCardIndex: 0,
      attachmentName: `web-eth${s.deviceIndex}-attachment`,
    })),
  };
  const ec2 = motoEc2Client(moto.endpoint);
  try {
    const started = performance.now();
    await moveToStandby(ec2, server, { timeoutMs: 30_000, log: () => undefined });
    return performance.now() - started;
  } finally {
    ec2.destroy();
  }
}

/** The median and the range of the runs: `0.52 s (0.48 s–0.61 s)`. */
function stats(values: number[]): string {
  return `${seconds(median(values))} s (${seconds(Math.min(...values))} s–${seconds(Math.max(...values))} s)`;
}

function whole(name: string, value: string, least: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < least || (name !== "interval-s" && !Number.isInteger(n))) {
    console.error(`--${name} is ${JSON.stringify(value)}; give a number, ${least} or more\n\n${usage}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  const values = parseCommandLine(usage, {
    rounds: { type: "string", default: "3" },
    "interval-s": { type: "string", default: "5" },
    threshold: { type: "string", default: "3" },
  });
  const rounds = whole("rounds", values.rounds, 1);
  const interval = whole("interval-s", values["interval-s"], 0.1);
  const threshold = whole("threshold", values.threshold, 1);
  return withMotoServer(async (moto) => {
    console.log(`health check every ${interval} s, takeover after ${threshold} failures in a row; ${rounds} rounds`);
    const columns = ["failure → all attached", "detection", "move"];
    console.log(`${"interfaces".padEnd(12)}${"way".padEnd(16)}${columns.map((c) => c.padEnd(28)).join("")}`);
    for (const count of [1, 3]) {
      for (const way of Object.keys(ways) as Way[]) {
        const samples: Sample[] = [];
        for (let round = 0; round < rounds; round++)
          samples.push(await failover(moto, count, interval, threshold, way));
        const cells = [samples.map((s) => s.total), samples.map((s) => s.detection), samples.map((s) => s.move)];
        console.log(`${String(count).padEnd(12)}${way.padEnd(16)}${cells.map((c) => stats(c).padEnd(28)).join("")}`);
      }
      const manual: number[] = [];
      for (let round = 0; round < rounds; round++) manual.push(await manualMove(moto, count));
      console.log(`${String(count).padEnd(12)}${"npm run takeover's move".padEnd(44)}${stats(manual)}`);
    }
    return 0;
  });
}

runBench("bench:failover", main, 1);
