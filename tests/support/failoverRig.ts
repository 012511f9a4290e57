// What the failover monitor's tests and benchmark run it against, all on loopback: a primary and a
// standby instance in moto with secondary interfaces attached to the primary, a health endpoint
// the test can stop, an EC2 endpoint in front of moto that the test can cut, and the monitor
// itself (components/failover/monitor.py) as a process of its own.
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  DescribeImagesCommand,
  DescribeNetworkInterfacesCommand,
  RunInstancesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { motoClientConfig, motoCredentials } from "../../scripts/local/motoServer";
import { createVpcWithSubnets, motoEc2Client } from "../../scripts/local/motoTopology";

/** The monitor's source, run as the standby runs it. */
export const monitorScript = path.join(__dirname, "..", "..", "components", "failover", "monitor.py");

/** The servers' interfaces in moto: the primary holds the secondary ones at device indexes 1, 2, … */
export interface FailoverTopology {
  primaryInstanceId: string;
  standbyInstanceId: string;
  primaryEth0: { id: string; privateIp: string };
  standbyEth0: { id: string; privateIp: string };
  secondaries: { id: string; deviceIndex: number; publicIp: string }[];
}

/** Builds the topology through moto's EC2 API, an Elastic IP on every secondary interface. */
export async function createFailoverTopology(endpoint: string, secondaryCount: number): Promise<FailoverTopology> {
  const ec2 = motoEc2Client(endpoint);
  try {
    const vpc = await createVpcWithSubnets(endpoint);
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0].ImageId!;
    const eni = async () =>
      (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: vpc.subnets.a1 }))).NetworkInterface!;
    const launch = async () => {
      const eth0 = await eni();
      const run = await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          InstanceType: "t3.large",
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: eth0.NetworkInterfaceId }],
        }),
      );
      return {
        instanceId: run.Instances![0].InstanceId!,
        eth0: { id: eth0.NetworkInterfaceId!, privateIp: eth0.PrivateIpAddress! },
      };
    };
    const [primary, standby] = [await launch(), await launch()];
    const secondaries = [];
    for (let deviceIndex = 1; deviceIndex <= secondaryCount; deviceIndex++) {
      const id = (await eni()).NetworkInterfaceId!;
      await ec2.send(
        new AttachNetworkInterfaceCommand({
          NetworkInterfaceId: id,
          InstanceId: primary.instanceId,
          DeviceIndex: deviceIndex,
        }),
      );
      const address = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, NetworkInterfaceId: id }));
      secondaries.push({ id, deviceIndex, publicIp: address.PublicIp! });
    }
    return {
      primaryInstanceId: primary.instanceId,
      standbyInstanceId: standby.instanceId,
      primaryEth0: primary.eth0,
      standbyEth0: standby.eth0,
      secondaries,
    };
  } finally {
    ec2.destroy();
  }
}

/** Which instance holds each interface now, and at which device index, as EC2 reports it. */
export async function holdersOf(
  ec2: EC2Client,
  ids: string[],
): Promise<Map<string, { instanceId?: string; deviceIndex?: number; attachmentId?: string }>> {
  const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids }));
  return new Map(
    (out.NetworkInterfaces ?? []).map((eni) => [
      eni.NetworkInterfaceId!,
      {
        instanceId: eni.Attachment?.InstanceId,
        deviceIndex: eni.Attachment?.DeviceIndex,
        attachmentId: eni.Attachment?.AttachmentId,
      },
    ]),
  );
}

/** Polls until every interface is attached to `instanceId`; the time it was first seen so. */
export async function waitUntilHeldBy(
  ec2: EC2Client,
  ids: string[],
  instanceId: string,
  timeoutMs: number,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const holders = await holdersOf(ec2, ids);
    if (ids.every((id) => holders.get(id)?.instanceId === instanceId)) return performance.now();
    if (Date.now() > until) {
      const seen = ids.map((id) => `${id}: ${holders.get(id)?.instanceId ?? "detached"}`).join(", ");
      throw new Error(`interfaces not all on ${instanceId} within ${timeoutMs} ms (${seen})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls until every secondary interface of the topology is attached to its standby; when it first was. */
export function waitUntilOnStandby(ec2: EC2Client, topology: FailoverTopology, timeoutMs: number): Promise<number> {
  return waitUntilHeldBy(
    ec2,
    topology.secondaries.map((s) => s.id),
    topology.standbyInstanceId,
    timeoutMs,
  );
}

/** `hang`: connections accepted, never answered (a path that drops packets after the handshake). */
type HealthMode = "ok" | "error" | "down" | "hang";

/** What the health endpoint answers: one mode, or a sequence of HTTP answers repeated per check. */
type HealthAnswer = HealthMode | ("ok" | "error")[];

/**
 * TEST DOUBLE: the primary's web server on one of its addresses, as the monitor sees it: HTTP 200,
 * HTTP 503, nothing listening (connection refused), or a connection that never gets an answer
 * (the check times out), switched by the test. Each check is counted.
 */
export class HealthServer {
  checks = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private answer: HealthAnswer = "down";
  private port = 0;

  constructor(readonly host = "127.0.0.1") {}

  get url(): string {
    return `http://${this.host}:${this.port}/health`;
  }

  async set(answer: HealthAnswer): Promise<void> {
    this.answer = answer;
    if (answer === "down") return this.close();
    if (this.server) return;
    const server = createServer((req, res) => {
      const mode = Array.isArray(this.answer) ? this.answer[this.checks % this.answer.length] : this.answer;
      this.checks++;
      if (mode === "hang") return;
      res.writeHead(mode === "ok" ? 200 : 503, { connection: "close" }).end(mode);
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, this.host, resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** One EC2 Query API request as the proxy forwarded it. */
export interface ForwardedRequest {
  action: string;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * TEST DOUBLE: the EC2 endpoint the monitor is given, forwarding to moto. The test can cut it
 * (every connection reset: EC2 unreachable) or make one action fail, and reads what was sent.
 */
export class Ec2Proxy {
  readonly requests: ForwardedRequest[] = [];
  reachable = true;
  /** Actions answered with an EC2 error instead of being forwarded, with how many times left. */
  readonly failing = new Map<string, number>();
  /**
   * Instances whose status checks DescribeInstanceStatus reports `impaired` (moto reports every
   * running instance `ok`): the system check, the instance check, or both.
   */
  readonly impaired = new Map<string, "system" | "instance" | "both">();
  private server?: Server;

  constructor(private readonly target: string) {}

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (!this.reachable) {
        req.socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.forward(Buffer.concat(chunks), req.headers, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  private forward(body: Buffer, headers: Record<string, any>, res: import("node:http").ServerResponse): void {
    const params = Object.fromEntries(new URLSearchParams(body.toString()));
    const action = params.Action ?? "";
    const left = this.failing.get(action) ?? 0;
    if (left > 0) {
      this.failing.set(action, left - 1);
      const xml = `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>made to fail by the test</Message></Error></Errors></Response>`;
      res.writeHead(503, { "content-type": "text/xml" }).end(xml);
      return;
    }
    this.requests.push({ action, params, headers });
    const target = new URL(this.target);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: "/",
        method: "POST",
        headers: { ...headers, host: target.host },
      },
      (answer) => {
        if (action !== "DescribeInstanceStatus" || this.impaired.size === 0) {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          const xml = this.impair(Buffer.concat(chunks).toString());
          const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(xml)) };
          res.writeHead(answer.statusCode ?? 500, headers).end(xml);
        });
      },
    );
    upstream.on("error", () => res.destroy());
    upstream.end(body);
  }

  /** moto's DescribeInstanceStatus answer (the monitor asks for one instance) with its checks impaired as set. */
  private impair(xml: string): string {
    const id = /<instanceId>([^<]+)<\/instanceId>/.exec(xml)?.[1];
    const which = id ? this.impaired.get(id) : undefined;
    const set = (doc: string, tag: string) =>
      doc.replace(new RegExp(`(<${tag}>(?:<details>.*?</details>)?<status>)[^<]*(</status>)`), "$1impaired$2");
    if (!which) return xml;
    const system = which === "instance" ? xml : set(xml, "systemStatus");
    return which === "system" ? system : set(system, "instanceStatus");
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

/** The monitor's config file (the keys the component writes, plus test overrides). */
export type MonitorConfig = Record<string, unknown>;

/** One address the monitor checks: `eth0` first, then the secondary interfaces'. */
export interface HealthTarget {
  name: string;
  url: string;
}

/**
 * The config for a topology: the primary's health at `health` (eth0's URL alone, or one target
 * per interface), EC2 and SNS at `endpoint`.
 */
export function monitorConfig(
  topology: FailoverTopology,
  health: string | HealthTarget[],
  endpoint: string,
): MonitorConfig {
  return {
    checks: typeof health === "string" ? [{ name: "eth0", url: health }] : health,
    intervalSeconds: 0.5,
    unhealthyThreshold: 3,
    timeoutSeconds: 0.5,
    pollSeconds: 0.05,
    primaryInterfaceId: topology.primaryEth0.id,
    interfaces: topology.secondaries.map((s) => ({
      id: s.id,
      name: `eth${s.deviceIndex}`,
      deviceIndex: s.deviceIndex,
    })),
    // What the instance reads from its metadata on EC2, given here: nothing leaves loopback.
    region: motoCredentials.AWS_REGION,
    endpoint,
    snsEndpoint: endpoint,
    standbyInstanceId: topology.standbyInstanceId,
  };
}

/** One line the monitor logged, with the time it was read. */
export interface LogLine {
  at: number;
  text: string;
}

/** The monitor running as a process (python3 from PATH, or FAILOVER_MONITOR_PYTHON). */
export class MonitorProcess {
  readonly lines: LogLine[] = [];
  private readonly child: ChildProcess;
  private readonly dir: string;
  private partial = "";

  constructor(
    config: MonitorConfig,
    /** `script`: another copy of the monitor (as a standby's user data installed it). */
    options: { env?: Record<string, string>; stateDir?: string; script?: string } = {},
  ) {
    this.dir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), "failover-monitor-"));
    const configFile = path.join(this.dir, "config.json");
    writeFileSync(configFile, JSON.stringify({ stateFile: path.join(this.dir, "state.json"), ...config }));
    const script = options.script ?? monitorScript;
    this.child = spawn(process.env.FAILOVER_MONITOR_PYTHON ?? "python3", [script, configFile], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(options.env ?? motoCredentials) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const read = (chunk: Buffer) => {
      const text = this.partial + chunk.toString();
      const parts = text.split("\n");
      this.partial = parts.pop() ?? "";
      for (const line of parts) this.lines.push({ at: performance.now(), text: line });
    };
    this.child.stdout!.on("data", read);
    this.child.stderr!.on("data", read);
  }

  /** The state directory, kept for a restarted monitor. */
  get stateDir(): string {
    return this.dir;
  }

  get log(): string {
    return this.lines.map((l) => l.text).join("\n");
  }

  /** Resolves with the first line matching `pattern` (already logged or to come). */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<LogLine> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find((l) => pattern.test(l.text));
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`monitor exited (${this.child.exitCode}):\n${this.log}`);
      if (Date.now() > until) throw new Error(`monitor never logged ${pattern} in ${timeoutMs} ms:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops the process (`SIGKILL`: as a crash or an out-of-memory kill does); removes its state unless `keepState`. */
  async stop(keepState = false, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await new Promise((resolve) => {
        this.child.once("exit", resolve);
        this.child.kill(signal);
      });
    }
    if (!keepState) rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * TEST DOUBLE: the instance metadata service (IMDSv2) of the standby, on loopback: a session token
 * for a PUT, then the instance id, region, domain and the instance role's credentials, each only
 * with that token.
 */
export class FakeImds {
  readonly credentials = {
    AccessKeyId: "ASIAFAKEIMDSKEY",
    SecretAccessKey: "imds-secret",
    Token: "imds-session-token",
  };
  private server?: Server;
  private readonly token = "fake-imds-token";

  constructor(private readonly answers: { instanceId: string; region: string }) {}

  get endpoint(): string {
    return `http://127.0.0.3:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    const expires = new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
    const paths: Record<string, string> = {
      "/latest/meta-data/instance-id": this.answers.instanceId,
      "/latest/meta-data/placement/region": this.answers.region,
      "/latest/meta-data/services/domain": "amazonaws.com",
      "/latest/meta-data/iam/security-credentials/": "standby-role",
      "/latest/meta-data/iam/security-credentials/standby-role": JSON.stringify({
        Code: "Success",
        Type: "AWS-HMAC",
        Expiration: expires,
        ...this.credentials,
      }),
    };
    this.server = createServer((req, res) => {
      if (
        req.method === "PUT" &&
        req.url === "/latest/api/token" &&
        req.headers["x-aws-ec2-metadata-token-ttl-seconds"]
      ) {
        res.writeHead(200).end(this.token);
        return;
      }
      if (req.headers["x-aws-ec2-metadata-token"] !== this.token) {
        res.writeHead(401).end();
        return;
      }
      const answer = paths[req.url ?? ""];
      res.writeHead(answer === undefined ? 404 : 200).end(answer ?? "");
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.3", resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

/**
 * Installs the monitor as a standby would, from its user data: the failover part runs as a script
 * in a scratch root (`DUAL_HOMED_SERVER_ROOT`), a `systemctl` that does nothing (TEST DOUBLE) on
 * PATH. Returns the installed monitor and its config; `remove()` deletes the scratch root.
 */
export function installFromUserData(userData: string): {
  script: string;
  config: MonitorConfig;
  remove(): void;
} {
  const boundary = /boundary="([^"]+)"/.exec(userData)?.[1];
  if (!boundary) throw new Error("the user data is not multi-part: no failover part");
  const part = userData.split(`--${boundary}`).find((p) => p.includes('filename="00-dual-homed-server-failover.sh"'));
  if (!part) throw new Error("the user data has no failover part");
  const root = mkdtempSync(path.join(tmpdir(), "standby-root-"));
  const bin = path.join(root, "test-bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "systemctl"), "#!/bin/sh\nexit 0\n");
  chmodSync(path.join(bin, "systemctl"), 0o755);
  const script = part.split("\n\n").slice(1).join("\n\n");
  const run = spawnSync("/bin/bash", ["-c", script], {
    env: { PATH: `${bin}:${process.env.PATH}`, DUAL_HOMED_SERVER_ROOT: root },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`the failover part failed: ${run.stderr}`);
  return {
    script: path.join(root, "usr/local/lib/dual-homed-server/failover-monitor.py"),
    config: JSON.parse(readFileSync(path.join(root, "etc/dual-homed-server/failover.json"), "utf8")) as MonitorConfig,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** One message the failover monitor published, as SNS delivered it. */
export interface Notification {
  at: number;
  subject: string;
  message: string;
}

/**
 * An SNS topic in moto and an HTTP subscriber on loopback that receives what is published to it
 * (moto delivers to HTTP subscriptions as SNS does, as a `Notification` JSON document).
 */
export class NotificationInbox {
  readonly received: Notification[] = [];
  topicArn = "";
  private server?: Server;

  constructor(private readonly motoEndpoint: string) {}

  async start(name = `failover-${process.pid}-${Date.now()}`): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          Type?: string;
          Subject?: string;
          Message?: string;
        };
        if (body.Type === "Notification") {
          this.received.push({ at: performance.now(), subject: body.Subject ?? "", message: body.Message ?? "" });
        }
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.6", resolve));
    const sns = new SNSClient(motoClientConfig(this.motoEndpoint));
    try {
      this.topicArn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
      const port = (this.server.address() as AddressInfo).port;
      await sns.send(
        new SubscribeCommand({ TopicArn: this.topicArn, Protocol: "http", Endpoint: `http://127.0.0.6:${port}/` }),
      );
    } finally {
      sns.destroy();
    }
  }

  /** Resolves once `count` messages have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Notification[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`${this.received.length} of ${count} notifications in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
