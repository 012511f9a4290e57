// What every benchmark here does the same way: a moto server of its own for the run, the figures
// it reports (median, seconds), and how it ends (its exit code, or a one-line error).
import { startMotoServer, type MotoServer } from "../scripts/local/motoServer";

/** The middle value of the runs (the upper one of the two middle values for an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds as seconds with two decimals, as the benchmarks print them. */
export const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/** Runs `measure` against a moto server started on loopback for it, stopped once it is done or fails. */
export async function withMotoServer<T>(measure: (moto: MotoServer) => Promise<T>): Promise<T> {
  const moto = await startMotoServer();
  try {
    return await measure(moto);
  } finally {
    await moto.stop();
  }
}

/**
 * Runs a benchmark's `main` and exits with the code it returns; an error is printed on one line
 * under the benchmark's name (`bench:failover: …`) and exits with `failureCode`.
 */
export function runBench(name: string, main: () => Promise<number>, failureCode: number): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(failureCode);
    },
  );
}
