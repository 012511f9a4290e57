import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import * as path from "node:path";

/** A moto EC2/SSM/STS emulator on a free loopback port, owned by one test file. */
export interface MotoServer {
  endpoint: string;
  /** Process id of moto's server (for a detached server that outlives this process). */
  pid: number;
  stop(): Promise<void>;
}

/** Credentials moto accepts; set so the AWS SDK never looks for real ones. */
export const motoCredentials = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "us-east-1",
};

/** An AWS SDK client's settings for a moto server: its endpoint, region and test credentials. */
export function motoClientConfig(endpoint: string) {
  return {
    endpoint,
    region: motoCredentials.AWS_REGION,
    credentials: {
      accessKeyId: motoCredentials.AWS_ACCESS_KEY_ID,
      secretAccessKey: motoCredentials.AWS_SECRET_ACCESS_KEY,
    },
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`moto's server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto's server did not answer at ${endpoint} within ${deadlineMs} ms`);
}

/** Whether something already answers HTTP at the endpoint. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/moto-api/data.json`);
    return true;
  } catch {
    return false;
  }
}

/** moto's server with EC2 behaviours moto lacks (a TEST DOUBLE extension of moto: see the file), run by python3. */
export const motoServerScript = path.join(__dirname, "moto_server_extended.py");

/**
 * Starts moto's server (`moto_server_extended.py`, with the python3 on PATH, which must
 * import moto) and waits until it answers. A detached server
 * keeps running after this process exits (the playground's), until killed by its pid. Another
 * process may take the same free port at the same moment: the server must then still be running
 * once it had time to bind, or a new port is tried, so no test ever talks to someone else's moto.
 */
export async function startMotoServer(
  options: { detached?: boolean; env?: Record<string, string> } = {},
): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(options);
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

class PortTaken extends Error {}

/** Time moto's server takes at most to bind its port after it starts answering elsewhere. */
const bindSettleMs = 1500;

async function startOnFreePort(options: { detached?: boolean; env?: Record<string, string> }): Promise<MotoServer> {
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  if (await answers(endpoint)) throw new PortTaken(`port ${port} is taken`);
  const started = Date.now();
  const child = spawn("python3", [motoServerScript, "-H", "127.0.0.1", "-p", String(port)], {
    // A detached server outlives this process, so nothing may be left reading its output.
    stdio: ["ignore", "ignore", options.detached ? "ignore" : "pipe"],
    detached: options.detached ?? false,
    env: { ...process.env, ...options.env },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once("error", (err) => reject(new Error(`cannot start moto's server (python3): ${err.message}`))),
  );
  try {
    await Promise.race([waitUntilUp(endpoint, child, 30_000), spawnFailed]);
  } catch (err) {
    child.kill("SIGKILL");
    if (/Address already in use/.test(stderr)) throw new PortTaken(`port ${port} is taken`);
    throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
  }
  await new Promise((r) => setTimeout(r, Math.max(0, bindSettleMs - (Date.now() - started))));
  if (child.exitCode !== null) throw new PortTaken(`moto's server could not bind port ${port}: ${stderr}`);
  if (options.detached) child.unref();
  return {
    endpoint,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
