// An instance's network built from Linux network namespaces on this machine: the instance, its
// interfaces as veth pairs carrying the VPC's addresses, a router namespace standing for the VPC
// and a client namespace behind it. Everything is named with a per-run prefix and removed by
// `destroy`, which the tests call in `after` hooks.
//
// TEST DOUBLE: the router namespace stands for the VPC. It enforces what EC2's source/destination
// check does to an interface's traffic: a packet from one of the instance's addresses is forwarded
// only when it arrives from the interface that holds that address (a blackhole rule `iif <other port> from <address>` per other
// port, IPv4 and IPv6, and a host route to each address through its own port). A reply that
// leaves the instance by another interface is dropped there, as the VPC drops it.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** Runs `ip` (or any command with `inNs`), throwing with its stderr on failure. */
function run(command: string, args: string[], input?: string): string {
  return execFileSync(command, args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

const ip = (...args: string[]) => run("ip", args);

/** Whether this machine lets us create network namespaces, or why not. */
export function netnsUnavailable(): string | undefined {
  const probe = `dhsprobe${process.pid}`;
  const added = spawnSync("ip", ["netns", "add", probe], { encoding: "utf8" });
  if (added.error) return `ip (iproute2) cannot be run: ${added.error.message}`;
  if (added.status !== 0) return `network namespaces are not permitted here (ip netns add: ${added.stderr.trim()})`;
  spawnSync("ip", ["netns", "del", probe]);
  for (const tool of ["curl", "python3"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

/** One interface of the instance: its name there, its addresses (CIDR notation, the primary first), its subnet and router. */
export interface GuestInterface {
  name: string;
  ipv4: string[];
  ipv6: string[];
  subnet4: string;
  subnet6: string;
  router4: string;
  router6: string;
}

/** The address metadata serves, by interface MAC address and key (`local-ipv4s`, …), one value per line. */
type ImdsInterfaces = Record<string, Record<string, string[]>>;

let runCounter = 0;

export class NetnsRig {
  readonly prefix: string;
  readonly instance: string;
  readonly router: string;
  readonly client: string;
  readonly clientIpv4 = "198.51.100.10";
  readonly clientIpv6 = "2001:db8:100::10";
  private readonly dir: string;
  private server?: ChildProcess;
  private imds?: ChildProcess;
  private readonly imdsInterfaces: ImdsInterfaces = {};
  private readonly namespaces: string[] = [];
  private routerPorts = 0;
  /** The router's port for each of the instance's interfaces, by name there. */
  private readonly portOf = new Map<string, string>();
  /** Each router port facing the instance, with the addresses it holds. */
  private readonly ports: { port: string; addresses: string[] }[] = [];

  constructor() {
    runCounter += 1;
    this.prefix = `dhs${process.pid % 100000}x${runCounter}`;
    this.instance = `${this.prefix}-inst`;
    this.router = `${this.prefix}-rtr`;
    this.client = `${this.prefix}-cli`;
    this.dir = mkdtempSync(path.join(tmpdir(), "dhs-guest-"));
  }

  /** The directory the hook keeps its state in for this rig (the instance's /run). */
  get stateDir(): string {
    return path.join(this.dir, "run");
  }

  /** A command inside a namespace. */
  inNs(ns: string, command: string, args: string[], input?: string): string {
    return run("ip", ["netns", "exec", ns, command, ...args], input);
  }

  private sysctl(ns: string, key: string, value: string | number): void {
    this.inNs(ns, "sysctl", ["-qw", `${key}=${value}`]);
  }

  /**
   * The namespaces, the router and the client; the instance with rp_filter `rpFilter` on every
   * interface (1 strict, as RHEL 9 sets it; 2 loose, as Ubuntu does).
   */
  create(rpFilter: 1 | 2): void {
    for (const ns of [this.instance, this.router, this.client]) {
      ip("netns", "add", ns);
      this.namespaces.push(ns);
      ip("-n", ns, "link", "set", "lo", "up");
      // No duplicate address detection: an address is usable at once, as the tests need.
      for (const key of ["all", "default"]) this.sysctl(ns, `net.ipv6.conf.${key}.accept_dad`, 0);
    }
    for (const key of ["all", "default"]) this.sysctl(this.instance, `net.ipv4.conf.${key}.rp_filter`, rpFilter);
    this.sysctl(this.instance, "net.ipv6.conf.all.accept_ra", 0);
    this.sysctl(this.instance, "net.ipv6.conf.default.accept_ra", 0);
    this.sysctl(this.router, "net.ipv4.ip_forward", 1);
    this.sysctl(this.router, "net.ipv6.conf.all.forwarding", 1);
    // The client behind the VPC router.
    const [clientSide, routerSide] = [`${this.prefix}c`, `${this.prefix}rc`];
    this.vethToRouter(clientSide, this.client, routerSide);
    ip("-n", this.client, "addr", "add", `${this.clientIpv4}/24`, "dev", clientSide);
    ip("-n", this.client, "addr", "add", `${this.clientIpv6}/64`, "dev", clientSide, "nodad");
    ip("-n", this.client, "link", "set", clientSide, "up");
    ip("-n", this.client, "route", "add", "default", "via", "198.51.100.1");
    ip("-n", this.client, "-6", "route", "add", "default", "via", "2001:db8:100::1");
    ip("-n", this.router, "addr", "add", "198.51.100.1/24", "dev", routerSide);
    ip("-n", this.router, "addr", "add", "2001:db8:100::1/64", "dev", routerSide, "nodad");
    ip("-n", this.router, "link", "set", routerSide, "up");
  }

  /** A veth pair: `name` in namespace `ns` (or this machine's), its peer `routerSide` in the router's. */
  private vethToRouter(name: string, ns: string | undefined, routerSide: string): void {
    ip(
      "link",
      "add",
      name,
      ...(ns ? ["netns", ns] : []),
      "type",
      "veth",
      "peer",
      "name",
      routerSide,
      "netns",
      this.router,
    );
  }

  /**
   * A veth pair for one interface: the router's end in the router namespace, the instance's end
   * left in `ns` (the instance, or this machine's namespace for an interface not yet attached).
   * Returns the instance end's name in `ns`.
   */
  plugInterface(eni: GuestInterface, ns: string | undefined): string {
    this.routerPorts += 1;
    const routerSide = `${this.prefix}r${this.routerPorts}`;
    this.portOf.set(eni.name, routerSide);
    const guestSide = ns === this.instance ? eni.name : `${this.prefix}g${this.routerPorts}`;
    this.vethToRouter(guestSide, ns, routerSide);
    const [router4, bits4] = eni.router4.split("/");
    ip("-n", this.router, "addr", "add", `${router4}/${bits4}`, "dev", routerSide, "noprefixroute");
    ip("-n", this.router, "addr", "add", eni.router6, "dev", routerSide, "noprefixroute", "nodad");
    ip("-n", this.router, "link", "set", routerSide, "up");
    // A host route to each address of the interface through its own port: the only way back.
    for (const cidr of eni.ipv4) ip("-n", this.router, "route", "add", cidr.split("/")[0], "dev", routerSide);
    for (const cidr of eni.ipv6) ip("-n", this.router, "-6", "route", "add", cidr.split("/")[0], "dev", routerSide);
    // The source/destination check: this interface's addresses arrive from its port alone, and
    // the other interfaces' addresses never from this one.
    const addresses = [...eni.ipv4, ...eni.ipv6].map((cidr) => cidr.split("/")[0]);
    for (const other of this.ports) {
      for (const address of addresses) this.blackhole(other.port, address);
      for (const address of other.addresses) this.blackhole(routerSide, address);
    }
    this.ports.push({ port: routerSide, addresses });
    return guestSide;
  }

  private blackhole(port: string, address: string): void {
    ip(
      "-n",
      this.router,
      address.includes(":") ? "-6" : "-4",
      "rule",
      "add",
      "iif",
      port,
      "from",
      address,
      "blackhole",
    );
  }

  /** Waits until no interface of the instance has sent anything for `quietMs` (IPv6 multicast reports after an address is added). */
  async settle(quietMs = 1200, atMostMs = 6000): Promise<void> {
    const start = Date.now();
    let last = JSON.stringify(this.txPackets());
    let since = Date.now();
    while (Date.now() - since < quietMs && Date.now() - start < atMostMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = JSON.stringify(this.txPackets());
      if (now !== last) [last, since] = [now, Date.now()];
    }
  }

  private get imdsFile(): string {
    return path.join(this.dir, "imds.json");
  }

  /**
   * The instance metadata service (TEST DOUBLE, `fakeImds.py`) in the router's namespace on
   * 169.254.169.254:80, listing the interfaces `publishToImds` names.
   */
  async startImds(): Promise<void> {
    writeFileSync(this.imdsFile, JSON.stringify(this.imdsInterfaces));
    ip("-n", this.router, "addr", "add", "169.254.169.254/32", "dev", "lo");
    this.imds = spawn(
      "ip",
      ["netns", "exec", this.router, "python3", path.join(__dirname, "fakeImds.py"), this.imdsFile],
      {
        stdio: "ignore",
      },
    );
    for (let i = 0; i < 100; i++) {
      if (this.inNs(this.router, "ss", ["-Hltn", "sport = :80"]).trim() !== "") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the instance metadata stand-in did not start listening");
  }

  /** EC2 listing an interface in the instance metadata under its MAC address (`ns`: where the interface is now). */
  publishToImds(eni: GuestInterface, device: string, ns: string | undefined): void {
    const mac = (
      JSON.parse(ip(...(ns ? ["-n", ns] : []), "-j", "link", "show", "dev", device)) as { address: string }[]
    )[0].address;
    const bare = (cidrs: string[]) => cidrs.map((cidr) => cidr.split("/")[0]);
    this.imdsInterfaces[mac] = {
      "local-ipv4s": bare(eni.ipv4),
      "subnet-ipv4-cidr-block": [eni.subnet4],
      ipv6s: bare(eni.ipv6),
      "subnet-ipv6-cidr-blocks": [eni.subnet6],
    };
    writeFileSync(this.imdsFile, JSON.stringify(this.imdsInterfaces));
  }

  /**
   * What DHCP (or cloud-init) does on the instance: the interface's addresses, up; with
   * `primaryOnly`, its first IPv4 and IPv6 address alone, as DHCP gives an interface attached
   * after boot.
   */
  configureAddresses(eni: GuestInterface, mainDefaultMetric: number, primaryOnly = false): void {
    const ns = this.instance;
    ip("-n", ns, "link", "set", eni.name, "up");
    this.sysctl(ns, `net.ipv6.conf.${eni.name}.accept_dad`, 0);
    this.sysctl(ns, `net.ipv6.conf.${eni.name}.accept_ra`, 0);
    // Neighbours known up front, on both sides: no ARP or neighbour discovery traffic, so every
    // packet an interface sends during a request is part of that request's exchange.
    const port = this.portOf.get(eni.name)!;
    const macOf = (netns: string, dev: string) =>
      (JSON.parse(ip("-n", netns, "-j", "link", "show", "dev", dev)) as { address: string }[])[0].address;
    const [guestMac, portMac] = [macOf(ns, eni.name), macOf(this.router, port)];
    for (const router of [eni.router4, eni.router6]) {
      ip("-n", ns, "neigh", "replace", router.split("/")[0], "lladdr", portMac, "dev", eni.name, "nud", "permanent");
    }
    for (const cidr of [...eni.ipv4, ...eni.ipv6]) {
      ip(
        "-n",
        this.router,
        "neigh",
        "replace",
        cidr.split("/")[0],
        "lladdr",
        guestMac,
        "dev",
        port,
        "nud",
        "permanent",
      );
    }
    const given = (cidrs: string[]) => (primaryOnly ? cidrs.slice(0, 1) : cidrs);
    for (const cidr of given(eni.ipv4)) ip("-n", ns, "addr", "add", cidr, "dev", eni.name);
    for (const cidr of given(eni.ipv6)) ip("-n", ns, "addr", "add", cidr, "dev", eni.name, "nodad");
    // A DHCP client installs a default route per interface, eth0's preferred (lowest metric), and
    // IPv6 router advertisements one per interface too.
    const via4 = eni.router4.split("/")[0];
    const via6 = eni.router6.split("/")[0];
    ip("-n", ns, "route", "add", "default", "via", via4, "dev", eni.name, "metric", String(mainDefaultMetric));
    ip("-n", ns, "-6", "route", "add", "default", "via", via6, "dev", eni.name, "metric", String(mainDefaultMetric));
  }

  /** Moves an interface from this machine's namespace into the instance, named as there. */
  attach(hostName: string, name: string): void {
    ip("link", "set", "dev", hostName, "netns", this.instance);
    ip("-n", this.instance, "link", "set", "dev", hostName, "name", name);
  }

  /** Deletes an interface of the instance (its veth peer in the router goes with it), as a detach removes it. */
  detach(name: string): void {
    ip("-n", this.instance, "link", "del", name);
  }

  /** Writes a script to the rig's directory and runs it with `sh` inside the instance namespace. */
  runHook(script: string, args: string[]): void {
    const file = path.join(this.dir, "dual-homed-server-routing");
    writeFileSync(file, script, { mode: 0o755 });
    run("ip", ["netns", "exec", this.instance, "env", `DUAL_HOMED_SERVER_STATE=${this.stateDir}`, "sh", file, ...args]);
  }

  /** A web server in the instance on every address, port 80 (IPv4 and IPv6). */
  async startServer(): Promise<void> {
    const root = path.join(this.dir, "www");
    run("mkdir", ["-p", root]);
    writeFileSync(path.join(root, "index.html"), "Testing ENI\n");
    this.server = spawn("ip", ["netns", "exec", this.instance, "python3", "-m", "http.server", "80", "--bind", "::"], {
      cwd: root,
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      const listening = this.inNs(this.instance, "ss", ["-Hltn", "sport = :80"]);
      if (listening.trim() !== "") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the web server in the instance namespace did not start listening");
  }

  /**
   * Stops the web server, and with it the half-open connections of requests it could not answer
   * (their SYN-ACKs would otherwise be retransmitted for half a minute, by whatever route is current).
   */
  async stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGKILL");
    await exited;
  }

  /** One HTTP request from the client: the body, or undefined when nothing answered in time. */
  request(address: string, timeoutSeconds = 1): string | undefined {
    const url = address.includes(":") ? `http://[${address}]/` : `http://${address}/`;
    const result = spawnSync(
      "ip",
      ["netns", "exec", this.client, "curl", "-sg", "--max-time", String(timeoutSeconds), url],
      { encoding: "utf8" },
    );
    return result.status === 0 ? result.stdout : undefined;
  }

  /**
   * Unicast packets sent by each interface of the instance so far: its `tx_packets` less the IPv6
   * multicast it sent (`Ip6OutMcastPkts` in `/proc/net/dev_snmp6/<interface>`: the MLD reports the
   * kernel sends on its own after an address or route change, which carry no reply).
   */
  txPackets(): Record<string, number> {
    const links = JSON.parse(ip("-n", this.instance, "-j", "-s", "link", "show")) as {
      ifname: string;
      stats64: { tx: { packets: number } };
    }[];
    const multicast = (name: string) => {
      const snmp = this.inNs(this.instance, "cat", [`/proc/net/dev_snmp6/${name}`]);
      return Number(/^Ip6OutMcastPkts\s+(\d+)/m.exec(snmp)?.[1] ?? 0);
    };
    return Object.fromEntries(
      links.map((link) => [link.ifname, link.stats64.tx.packets - (link.ifname === "lo" ? 0 : multicast(link.ifname))]),
    );
  }

  /** The instance's policy rules, as `ip rule` prints them (IPv4 then IPv6). */
  rules(): string[] {
    return [...ip("-n", this.instance, "-4", "rule").split("\n"), ...ip("-n", this.instance, "-6", "rule").split("\n")]
      .map((line) => line.trim())
      .filter(Boolean);
  }

  /** A routing table of the instance. */
  table(family: "-4" | "-6", table: number): string {
    return ip("-n", this.instance, family, "route", "show", "table", String(table)).trim();
  }

  /** The instance interface's ifindex. */
  ifindex(name: string): number {
    return Number(ip("-n", this.instance, "-o", "link", "show", "dev", name).split(":")[0]);
  }

  /** Removes every namespace, veth and file the rig made; safe to call more than once. */
  destroy(): void {
    for (const child of [this.server, this.imds]) if (child && child.exitCode === null) child.kill("SIGKILL");
    this.server = this.imds = undefined;
    // Deleting a namespace deletes the veths inside it, and with them their peers.
    for (const ns of this.namespaces.splice(0)) spawnSync("ip", ["netns", "del", ns]);
    // An interface created in this machine's namespace and never attached.
    const links = spawnSync("ip", ["-o", "link", "show"], { encoding: "utf8" }).stdout ?? "";
    for (const match of links.matchAll(new RegExp(`^\\d+: (${this.prefix}[a-z0-9]*)[@:]`, "gm"))) {
      spawnSync("ip", ["link", "del", match[1]]);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
