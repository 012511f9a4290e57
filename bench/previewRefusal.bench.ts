// Benchmark: wall time of a `pulumi preview` of the repository's stack that the component refuses
// (a secondary interface in another zone than the instance), through the real engine (stand-in
// Node.js language host and AWS provider where the real ones are not installed): how soon a user
// learns what is wrong. The engine test of that refusal checks its message; this times it.
//   npm run bench:refusal [-- --help]
import { parseCommandLine } from "../scripts/commandLine";
import { engine, previewProject, repoRoot } from "../scripts/local/engineHarness";
import { devStackConfig, stackKey } from "../scripts/local/lifecycleStack";
import { createVpcWithSubnets } from "../scripts/local/motoTopology";
import { median, runBench, seconds, withMotoServer } from "./benchSupport";

const usage = `usage: npm run bench:refusal -- [--rounds N]

Times pulumi preview of the dev stack with a secondary interface in another Availability Zone,
which the component refuses in one message, against a moto server it starts on loopback.

  --rounds N    previews after one warm-up (default 3)
  --help        this text

Exit codes: 0 the median is under the target (60 s), 1 it is not, 2 a preview was not refused
as expected or bad arguments.`;

/** The bound the refusal must stay under: a user waits seconds, not the minutes of a full preview. */
const targetMs = 60_000;

async function main(): Promise<number> {
  const values = parseCommandLine(usage, { rounds: { type: "string", default: "3" } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`bench:refusal: --rounds takes a whole number of at least 1\n\n${usage}`);
    return 2;
  }
  console.error(`engine: ${engine.description}`);
  return withMotoServer(async (moto) => {
    const vpc = await createVpcWithSubnets(moto.endpoint);
    const config = devStackConfig({
      [stackKey("subnetId")]: vpc.subnets.a1,
      [stackKey("secondaryInterfaces")]: [{ subnetId: vpc.subnets.b1 }],
    });
    const times: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const result = await previewProject(repoRoot, { motoEndpoint: moto.endpoint, withPack: false, config });
      const messages = result.errors.map((e) => e.message).join("\n");
      if (result.succeeded || !/eni-same-az-as-instance/.test(messages)) {
        console.error(`bench:refusal: the preview was not refused by the component's check:\n${result.error ?? ""}`);
        return 2;
      }
      // The preview itself, as the engine test used to time it; round 0 warms caches.
      if (round > 0) times.push(result.durationMs);
    }
    console.log(`refused preview of the dev stack (cross-zone secondary interface), ${rounds} rounds after a warm-up:`);
    console.log(
      `  median ${seconds(median(times))} s   (runs: ${times.map(seconds).join(", ")}; target < ${targetMs / 1000} s)`,
    );
    return median(times) < targetMs ? 0 : 1;
  });
}

runBench("bench:refusal", main, 2);
